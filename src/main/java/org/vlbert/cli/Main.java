package org.vlbert.cli;

/** Placeholder entry point while the build is being set up. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("vlbert");
    }
}
