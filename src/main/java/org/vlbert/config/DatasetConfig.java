package org.vlbert.config;

import java.util.Map;

/**
 * One {@code DATASET} mapping (pretraining configs may have a list of them). Keys that the
 * config's task does not define hold the default of the task that does.
 */
public record DatasetConfig(String dataset, String answerVocabFile, int answerVocabSize, String task,
                            String datasetPath, String rootPath, String trainImageSet, String valImageSet,
                            String testImageSet, String trainAnnotationFile, String valAnnotationFile,
                            String testAnnotationFile, boolean onlyUseRelevantDets, boolean addImageAsABox,
                            int seqLen, int minSeqLen, String boxes, boolean useImdb, String trainBoxes,
                            String valBoxes, String testBoxes, String proposalSource) {

    static DatasetConfig of(Map<String, Object> entry) {
        Values v = new Values(entry);
        return new DatasetConfig(v.string("DATASET"), v.string("ANSWER_VOCAB_FILE"), v.integer("ANSWER_VOCAB_SIZE"),
                v.string("TASK"), v.string("DATASET_PATH"), v.string("ROOT_PATH"), v.string("TRAIN_IMAGE_SET"),
                v.string("VAL_IMAGE_SET"), v.string("TEST_IMAGE_SET"), v.string("TRAIN_ANNOTATION_FILE"),
                v.string("VAL_ANNOTATION_FILE"), v.string("TEST_ANNOTATION_FILE"), v.bool("ONLY_USE_RELEVANT_DETS"),
                v.bool("ADD_IMAGE_AS_A_BOX"), v.integer("SEQ_LEN"), v.integer("MIN_SEQ_LEN"), v.string("BOXES"),
                v.bool("USE_IMDB"), v.string("TRAIN_BOXES"), v.string("VAL_BOXES"), v.string("TEST_BOXES"),
                v.string("PROPOSAL_SOURCE"));
    }

    /** Reads an entry's values, falling back to the schema table for keys of other tasks. */
    private record Values(Map<String, Object> entry) {
        Object get(String name) {
            Object v = entry.get(name);
            return v != null ? v : SchemaTable.fallbackDefault("DATASET." + name);
        }

        String string(String name) {
            return (String) get(name);
        }

        int integer(String name) {
            return (Integer) get(name);
        }

        boolean bool(String name) {
            return (Boolean) get(name);
        }
    }
}
