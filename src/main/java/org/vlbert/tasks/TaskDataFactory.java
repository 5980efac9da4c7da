package org.vlbert.tasks;

import org.vlbert.config.VlbertConfig;
import org.vlbert.tasks.pretrain.PretrainTaskData;
import org.vlbert.tasks.refcoco.RefcocoTaskData;
import org.vlbert.tasks.vcr.VcrTaskData;
import org.vlbert.tasks.vqa.VqaTaskData;

/** The data plug-in of a config's task. */
public final class TaskDataFactory {
    private TaskDataFactory() {}

    public static TaskData open(VlbertConfig cfg) {
        return switch (cfg.task()) {
            case VQA -> new VqaTaskData(cfg);
            case VCR -> new VcrTaskData(cfg);
            case REFCOCO -> new RefcocoTaskData(cfg);
            case PRETRAIN -> new PretrainTaskData(cfg);
        };
    }
}
