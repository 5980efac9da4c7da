package org.vlbert.export;

import java.util.List;
import org.vlbert.data.vcr.VcrTask;

/**
 * The two stand-in queries of a package's self-test when export is given no real sample, on the
 * synthetic images of {@link SyntheticRegions} ("synthetic-0" with 6 regions, "synthetic-1" with 3).
 */
final class SyntheticQueries {
    private static final int[] REGIONS = {6, 3};

    private SyntheticQueries() {}

    static int regions(int query) {
        return REGIONS[query];
    }

    static List<Query> of(PackageTask task, PackageConfig.Vcr vcr) {
        return switch (task) {
            case VQA -> List.of(Query.ofText(null, "synthetic-0", "what color is the small object on the left ?"),
                    Query.ofText(null, "synthetic-1", "how many objects are there ?"));
            case REFCOCO -> List.of(Query.ofText(null, "synthetic-0", "the small object on the left"),
                    Query.ofText(null, "synthetic-1", "big one"));
            case VCR -> vcr(vcr.task());
        };
    }

    /** VCR queries that name regions, including persons (named Casey, Riley, ...) and a group. */
    private static List<Query> vcr(VcrTask task) {
        List<String> first = List.of("[0] wants to pet [1] .", "[2] is hungry .", "[0, 2] are friends .",
                "it is raining .");
        List<String> second = List.of("[1] is driving [0] .", "[1] is asleep .", "nothing .",
                "[1] is reading a book .");
        boolean rationales = task == VcrTask.QA2R;
        return List.of(
                new Query(null, "synthetic-0", "why is [0] looking at [1] ?", first, rationales ? first.get(0) : null,
                        List.of("person", "dog", "person", "chair", "cup", "diningtable"), null),
                new Query(null, "synthetic-1", "what is [1] doing ?", second, rationales ? second.get(1) : null,
                        List.of("car", "person", "tv"), null));
    }
}
