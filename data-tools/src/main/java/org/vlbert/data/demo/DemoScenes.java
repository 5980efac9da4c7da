package org.vlbert.data.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vlbert.data.load.Seeds;

/**
 * The images every demo task shares: the scenes (a pure function of count, objects per scene and
 * seed) and their split into train (70%), val and test (15% each). Every task draws its samples
 * of a split from that split's scenes, so no image is in two splits of any task.
 */
final class DemoScenes {
    final List<DemoWorld.Scene> all;
    final Map<String, List<DemoWorld.Scene>> splits;

    private DemoScenes(List<DemoWorld.Scene> all, Map<String, List<DemoWorld.Scene>> splits) {
        this.all = all;
        this.splits = splits;
    }

    static DemoScenes of(int images, int boxes, long seed) {
        List<DemoWorld.Scene> scenes = new ArrayList<>(images);
        SplittableRandom sceneRandom = new SplittableRandom(Seeds.mix(seed, 1));
        for (int i = 0; i < images; i++) {
            scenes.add(DemoWorld.scene(Integer.toString(i + 1), boxes, sceneRandom));
        }
        List<DemoWorld.Scene> shuffled = new ArrayList<>(scenes);
        Collections.shuffle(shuffled, new java.util.Random(Seeds.mix(seed, 2)));
        int nTrain = (int) Math.round(images * 0.7);
        int nVal = Math.max(1, (images - nTrain) / 2);
        Map<String, List<DemoWorld.Scene>> splits = new LinkedHashMap<>();
        splits.put("train", shuffled.subList(0, nTrain));
        splits.put("val", shuffled.subList(nTrain, nTrain + nVal));
        splits.put("test", shuffled.subList(nTrain + nVal, shuffled.size()));
        return new DemoScenes(List.copyOf(scenes), splits);
    }
}
