package org.vlbert.data.vcr;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The fixed name tables of the reference VCR dataset (tasks.md §2.2). */
public final class VcrNames {
    /** Names given to {@code person} objects, in rotation. */
    public static final List<String> GENDER_NEUTRAL_NAMES = List.of("Casey", "Riley", "Jessie", "Jackie", "Avery",
            "Jaime", "Peyton", "Kerry", "Jody", "Kendall", "Frankie", "Pat", "Quinn");

    /** The 81 COCO class names without spaces (index = class id). */
    public static final List<String> COCO_CLASSES = List.of("__background__", "person", "bicycle", "car", "motorcycle",
            "airplane", "bus", "train", "truck", "boat", "trafficlight", "firehydrant", "stopsign", "parkingmeter",
            "bench", "bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "backpack",
            "umbrella", "handbag", "tie", "suitcase", "frisbee", "skis", "snowboard", "sportsball", "kite",
            "baseballbat", "baseballglove", "skateboard", "surfboard", "tennisracket", "bottle", "wineglass", "cup",
            "fork", "knife", "spoon", "bowl", "banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hotdog",
            "pizza", "donut", "cake", "chair", "couch", "pottedplant", "bed", "diningtable", "toilet", "tv", "laptop",
            "mouse", "remote", "keyboard", "cellphone", "microwave", "oven", "toaster", "sink", "refrigerator", "book",
            "clock", "vase", "scissors", "teddybear", "hairdrier", "toothbrush");

    private static final Map<String, Integer> COCO_CLASS_IDS = ids(COCO_CLASSES);

    private VcrNames() {}

    /** The class id of a COCO class name ({@link #COCO_CLASSES} index), or -1. */
    public static int cocoClassId(String name) {
        return COCO_CLASS_IDS.getOrDefault(name, -1);
    }

    private static Map<String, Integer> ids(List<String> names) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            ids.put(names.get(i), i);
        }
        return Map.copyOf(ids);
    }
}
