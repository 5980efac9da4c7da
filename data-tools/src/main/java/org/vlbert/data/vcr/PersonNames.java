package org.vlbert.data.vcr;

import java.util.List;

/**
 * The reference's object naming (tasks.md §2.2 step 3): in list order, each {@code person} gets
 * the gender-neutral name at a rolling counter, which then advances modulo 13; other objects keep
 * their class name. The counter is not reset between samples ({@link PersonNameSchedule} says
 * where it stands at the start of each batch).
 */
public final class PersonNames {
    public static final String PERSON = "person";

    private PersonNames() {}

    /** Names of {@code objects} with the counter at {@code counter} on entry. */
    public static String[] assign(List<String> objects, int counter) {
        String[] names = new String[objects.size()];
        int c = Math.floorMod(counter, VcrNames.GENDER_NEUTRAL_NAMES.size());
        for (int i = 0; i < names.length; i++) {
            String o = objects.get(i);
            if (o.equals(PERSON)) {
                names[i] = VcrNames.GENDER_NEUTRAL_NAMES.get(c);
                c = (c + 1) % VcrNames.GENDER_NEUTRAL_NAMES.size();
            } else {
                names[i] = o;
            }
        }
        return names;
    }

    /** How far a sample with these objects advances the counter. */
    public static int count(List<String> objects) {
        int n = 0;
        for (String o : objects) {
            n += o.equals(PERSON) ? 1 : 0;
        }
        return n;
    }
}
