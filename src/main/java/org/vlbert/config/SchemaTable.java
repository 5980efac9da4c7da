package org.vlbert.config;

import static org.vlbert.config.Task.PRETRAIN;
import static org.vlbert.config.Task.REFCOCO;
import static org.vlbert.config.Task.VCR;
import static org.vlbert.config.Task.VQA;
import static org.vlbert.config.ValueTypes.BATCH_IMAGES_OR_LIST;
import static org.vlbert.config.ValueTypes.BOOL;
import static org.vlbert.config.ValueTypes.EPOCH_STEPS;
import static org.vlbert.config.ValueTypes.FLOAT;
import static org.vlbert.config.ValueTypes.FLOAT_LIST;
import static org.vlbert.config.ValueTypes.INT;
import static org.vlbert.config.ValueTypes.LOSS_LOGGERS;
import static org.vlbert.config.ValueTypes.LOSS_SCALE;
import static org.vlbert.config.ValueTypes.LR_MULT;
import static org.vlbert.config.ValueTypes.NON_NEGATIVE_FLOAT;
import static org.vlbert.config.ValueTypes.NON_NEGATIVE_INT;
import static org.vlbert.config.ValueTypes.POSITIVE_INT;
import static org.vlbert.config.ValueTypes.POSITIVE_INT_LIST;
import static org.vlbert.config.ValueTypes.PREFIX_CHANGES;
import static org.vlbert.config.ValueTypes.PROBABILITY;
import static org.vlbert.config.ValueTypes.STRING;
import static org.vlbert.config.ValueTypes.choice;
import static org.vlbert.config.ValueTypes.intRange;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every key that the original code's four {@code config.py} files define, in their order, with
 * the per-task defaults of those files (training.md §10, cross-checked against the original
 * {@code pretrain|vqa|vcr|refcoco/function/config.py}). This table is the single source of truth:
 * the per-task schemas, the loader, the dumper and the key table in docs/config.md derive from it.
 */
final class SchemaTable {
    private SchemaTable() {}

    /** Sections (nested mappings) in dump order; everything else is a leaf key. */
    static final List<String> SECTIONS = List.of("DATASET", "NETWORK", "NETWORK.VLBERT", "TRAIN", "VAL", "TEST");

    static final Feature END_TO_END = new Feature(
            "end-to-end ResNet image features; precomputed region features are required");
    static final Feature CNN_REGULARISER = new Feature("the CNN object-classification regulariser loss");

    static final List<KeyDef> KEYS = build();

    /**
     * The default of {@code path} in the first task (in {@link Task} order) that defines it; used for
     * keys that the config's own task lacks.
     */
    static Object fallbackDefault(String path) {
        for (KeyDef key : KEYS) {
            if (key.path().equals(path)) {
                return key.defaults().values().iterator().next();
            }
        }
        throw new IllegalArgumentException("no config key " + path);
    }

    private static List<KeyDef> build() {
        Table t = new Table();

        // ---- top level -------------------------------------------------------------------------
        t.key("RNG_SEED", INT, -1, "seed for NumPy/torch/CUDA (and Python random in pretraining); -1 = no seeding");
        t.key("OUTPUT_PATH", STRING, "", "output root; runs go to OUTPUT_PATH/<cfg name>/<TRAIN_IMAGE_SET>_train");
        t.key("MODULE", STRING, "", "model class name, e.g. ResNetVLBERT, ResNetVLBERTForPretrainingMultitask");
        t.key("GPUS", STRING, "", "original non-distributed mode: comma list of GPU ids (DataParallel, multiplies the "
                + "batch); ignored here as in the original's distributed mode: one process per device")
                .ignored();
        t.key("LOG_FREQUENT", POSITIVE_INT, 50, "speedometer log period in batches");
        t.key("VAL_FREQUENT", INT, 1, "dead in the original: validation runs every epoch").ignored();
        t.key("CHECKPOINT_FREQUENT", POSITIVE_INT, 1, "save a checkpoint every k epochs");
        t.key("MODEL_PREFIX", STRING, "", "checkpoint file prefix");
        t.key("NUM_WORKERS_PER_GPU", NON_NEGATIVE_INT, 4, "original data-loader worker processes; the Arrow "
                + "loaders size their own prefetching").ignored();
        t.key("SCALES", POSITIVE_INT_LIST, List.of(), "image resize (shorter side, longer-side max); with "
                + "precomputed features it only rescales box coordinates");

        // ---- DATASET (pretraining may give a list of such mappings) -----------------------------
        t.key("DATASET.DATASET", STRING, "", "dataset name: conceptual_captions, coco_captions, general_corpus, vqa, "
                + "vcr, refcoco+");
        t.key("DATASET.ANSWER_VOCAB_FILE", STRING, "", "VQA answer list, one answer per line")
                .only(PRETRAIN, VQA, REFCOCO);
        t.key("DATASET.ANSWER_VOCAB_SIZE", POSITIVE_INT, 3129, "VQA classifier size (= answer list length)")
                .only(PRETRAIN, VQA, REFCOCO);
        t.key("DATASET.LABEL_INDEX_IN_BATCH", INT, -1, "position of the label in the original's batch tuple")
                .dflt(VCR, 7).ignored();
        t.key("DATASET.APPEND_INDEX", BOOL, false, "original collator appends the in-batch index").ignored();
        t.key("DATASET.TASK", choice("Q2A", "QA2R", "Q2AR"), "Q2AR", "VCR sub-task (Q2A or QA2R)");
        t.key("DATASET.BASIC_ALIGN", BOOL, false, "VCR: align object tags via the basic tokenizer")
                .notYet("basic-tokenizer alignment of VCR object tags", true).unusedBy(PRETRAIN, VQA, REFCOCO);
        t.key("DATASET.DATASET_PATH", STRING, "", "data root (relative paths resolve against the working directory)");
        t.key("DATASET.ROOT_PATH", STRING, "", "root for the cache/ folder");
        t.key("DATASET.TRAIN_IMAGE_SET", STRING, "", "training split(s), '+'-joined");
        t.key("DATASET.VAL_IMAGE_SET", STRING, "", "validation split");
        t.key("DATASET.TEST_IMAGE_SET", STRING, "", "test split");
        t.key("DATASET.TRAIN_ANNOTATION_FILE", STRING, "", "training annotations ('+'-joined corpus files)");
        t.key("DATASET.VAL_ANNOTATION_FILE", STRING, "", "validation annotations");
        t.key("DATASET.TEST_ANNOTATION_FILE", STRING, "", "test annotations");
        t.key("DATASET.ONLY_USE_RELEVANT_DETS", BOOL, true, "VCR: keep only the referenced detections");
        t.key("DATASET.ADD_IMAGE_AS_A_BOX", BOOL, true, "prepend the whole-image box as object 0");
        t.key("DATASET.ZIP_MODE", BOOL, false, "read images/json from zip archives")
                .notYet("reading the original data from zip archives", true);
        t.key("DATASET.CACHE_MODE", BOOL, false, "must be false (the original asserts it)").ignored();
        t.key("DATASET.IGNORE_DB_CACHE", BOOL, true, "rebuild the original's pickled annotation cache").ignored();
        t.key("DATASET.MASK_SIZE", POSITIVE_INT, 14, "VCR instance-mask resolution for the ResNet RoI head")
                .unusedBy(PRETRAIN, VQA, REFCOCO);
        t.key("DATASET.QA2R_NOQ", BOOL, false, "VCR QA->R without the question")
                .notYet("the VCR QA->R variant without question", true).unusedBy(PRETRAIN, VQA, REFCOCO);
        t.key("DATASET.QA2R_AUG", BOOL, false, "VCR QA->R augmentation")
                .notYet("the VCR QA->R augmentation", true).unusedBy(PRETRAIN, VQA, REFCOCO);
        t.key("DATASET.SEQ_LEN", POSITIVE_INT, 64, "pretraining: max text+box length (captions) / word-pieces (corpus)")
                .only(PRETRAIN);
        t.key("DATASET.MIN_SEQ_LEN", NON_NEGATIVE_INT, 0, "pretraining corpus: min whole words before masking")
                .only(PRETRAIN);
        t.key("DATASET.TRAIN_BOXES", choice("gt", "proposal", "proposal+gt"), "gt", "RefCOCO+ training boxes")
                .only(REFCOCO);
        t.key("DATASET.VAL_BOXES", choice("gt", "proposal", "proposal+gt"), "gt", "RefCOCO+ validation boxes")
                .only(REFCOCO);
        t.key("DATASET.TEST_BOXES", choice("gt", "proposal", "proposal+gt"), "gt", "RefCOCO+ test boxes")
                .only(REFCOCO);
        t.key("DATASET.PROPOSAL_SOURCE", choice("official", "vg"), "official", "RefCOCO+ proposals: MAttNet or BUTD")
                .only(REFCOCO);
        t.key("DATASET.BOXES", choice("36", "10-100ada"), "36", "VQA region set: fixed 36 or adaptive 10-100")
                .only(VQA);
        t.key("DATASET.USE_IMDB", BOOL, true, "VQA: read pre-tokenized Pythia imdb files instead of raw questions")
                .only(VQA).notYet("pre-tokenized Pythia imdb question files", true);
        t.key("DATASET.USE_IMDB", BOOL, true, "unused by the RefCOCO+ code").only(REFCOCO).ignored();

        // ---- NETWORK ---------------------------------------------------------------------------
        t.key("NETWORK.BLIND", BOOL, false, "ignore the image").notYet("image-blind models", true)
                .unusedBy(PRETRAIN, REFCOCO);
        t.key("NETWORK.NO_GROUNDING", BOOL, false, "zero the text tokens' visual features (VCR: zero the tags)")
                .notYet("ungrounded text (NO_GROUNDING)", true).unusedBy(PRETRAIN, REFCOCO);
        t.key("NETWORK.PARTIAL_PRETRAIN", STRING, "", "checkpoint to load partially before training");
        t.key("NETWORK.PARTIAL_PRETRAIN_PREFIX_CHANGES", PREFIX_CHANGES, List.of(),
                "'old->new' key-prefix rewrites for PARTIAL_PRETRAIN");
        t.key("NETWORK.PARTIAL_PRETRAIN_SEGMB_INIT", BOOL, false, "VCR: copy token-type row 0 to row 1 after loading")
                .only(VCR);
        t.key("NETWORK.FOR_MASK_VL_MODELING_PRETRAIN", BOOL, false, "masked VL modelling inside the task model")
                .only(PRETRAIN, VQA, VCR).notYet("masked VL modelling inside a task model", true)
                .unusedBy(PRETRAIN, VQA);
        t.key("NETWORK.NO_OBJ_ATTENTION", BOOL, false, "VCR: hide all objects (zero box mask)")
                .notYet("hiding all objects from attention", true).unusedBy(PRETRAIN, VQA, REFCOCO);
        // The end-to-end ResNet path exists for pretraining, VCR and RefCOCO+ (model graphs on pixels);
        // VQA still needs precomputed region features.
        t.key("NETWORK.IMAGE_FEAT_PRECOMPUTED", BOOL, false, "precomputed region features (true) or an end-to-end "
                + "ResNet (false)").only(VQA).notYet(END_TO_END, false);
        t.key("NETWORK.IMAGE_FEAT_PRECOMPUTED", BOOL, false, "precomputed region features (true) or an end-to-end "
                + "ResNet (false)").only(PRETRAIN, VCR, REFCOCO);
        endToEndKey(t, "NETWORK.IMAGE_NUM_LAYERS", POSITIVE_INT, 50, "ResNet depth");
        endToEndKey(t, "NETWORK.IMAGE_C5_DILATED", BOOL, false, "dilated stride-1 RoI head");
        endToEndKey(t, "NETWORK.IMAGE_STRIDE_IN_1x1", BOOL, false, "stride on the bottlenecks' first 1x1 conv");
        endToEndKey(t, "NETWORK.PIXEL_MEANS", FLOAT_LIST, List.of(), "BGR pixel means");
        endToEndKey(t, "NETWORK.PIXEL_STDS", FLOAT_LIST, List.of(), "BGR pixel stds");
        endToEndKey(t, "NETWORK.IMAGE_PRETRAINED", STRING, "", "ResNet weights {path}-{epoch:04d}.model");
        endToEndKey(t, "NETWORK.IMAGE_PRETRAINED_EPOCH", NON_NEGATIVE_INT, 0, "epoch of IMAGE_PRETRAINED");
        endToEndKey(t, "NETWORK.IMAGE_FROZEN_BACKBONE_STAGES", POSITIVE_INT_LIST, List.of(1, 2),
                "frozen ResNet stages");
        endToEndKey(t, "NETWORK.IMAGE_FROZEN_BN", BOOL, true, "frozen batch norm");
        t.key("NETWORK.IMAGE_FINAL_DIM", POSITIVE_INT, 512, "width of the region projection (= VLBERT.visual_size)");
        t.key("NETWORK.IMAGE_SEMANTIC", BOOL, false, "concatenate a 128-d class embedding to region features")
                .dflt(VCR, true).notYet("class embeddings concatenated to region features", true);
        t.key("NETWORK.OUTPUT_CONV5", BOOL, false, "dead/broken in the original").ignored();
        t.key("NETWORK.QA_ONE_SENT", BOOL, false, "VCR: question and answer as one segment")
                .only(VCR).notYet("the VCR one-sentence text layout", true);
        t.key("NETWORK.BERT_MODEL_NAME", STRING, "bert-base-uncased", "directory with vocab.txt (+ BERT weights)");
        t.key("NETWORK.BERT_PRETRAINED", STRING, "", "alternative BERT weights {path}-{epoch:04d}.model");
        t.key("NETWORK.BERT_PRETRAINED_EPOCH", NON_NEGATIVE_INT, 0, "epoch of BERT_PRETRAINED");
        t.key("NETWORK.BERT_FROZEN", BOOL, true, "dead in the original").ignored();
        t.key("NETWORK.BERT_ALIGN_QUESTION", BOOL, true, "dead in the original").ignored();
        t.key("NETWORK.BERT_ALIGN_ANSWER", BOOL, true, "dead in the original").ignored();
        t.key("NETWORK.BERT_USE_LAYER", INT, -2, "dead in the original").ignored();
        t.key("NETWORK.BERT_WITH_NSP_LOSS", BOOL, false, "dead in the original").ignored();
        t.key("NETWORK.BERT_WITH_MLM_LOSS", BOOL, false, "VCR data builder: MLM labels for fine-tuning")
                .notYet("an MLM loss during VCR fine-tuning", true).unusedBy(PRETRAIN, VQA, REFCOCO);
        t.key("NETWORK.ENABLE_CNN_REG_LOSS", BOOL, true, "VCR: object-classification regulariser loss")
                .only(VCR).notYet(CNN_REGULARISER, true);
        t.key("NETWORK.ENABLE_CNN_REG_LOSS", BOOL, true, "VQA: a ResNet object classifier (end-to-end only, its "
                + "loss unused)").only(VQA).configures(END_TO_END);
        t.key("NETWORK.ENABLE_CNN_REG_LOSS", BOOL, true, "not read: the pretraining and RefCOCO+ models hard-code "
                + "it off").only(PRETRAIN, REFCOCO).dflt(REFCOCO, false).ignored();
        t.key("NETWORK.CNN_REG_DROPOUT", PROBABILITY, 0.0, "VCR: dropout of the regulariser head")
                .only(VCR).configures(CNN_REGULARISER);
        t.key("NETWORK.CNN_LOSS_TOP", BOOL, false, "VCR: regulariser on VL-BERT object outputs")
                .only(VCR).configures(CNN_REGULARISER);
        t.key("NETWORK.CNN_LOSS_WEIGHT", FLOAT, 1.0, "VCR: weight of the regulariser loss").configures(CNN_REGULARISER)
                .unusedBy(PRETRAIN, VQA, REFCOCO);
        t.key("NETWORK.ANS_LOSS_WEIGHT", FLOAT, 1.0, "VCR answer-loss weight");
        t.key("NETWORK.ANSWER_FIRST", BOOL, false, "VCR: answer before question")
                .only(VCR).notYet("the VCR answer-first text layout", true);
        t.key("NETWORK.LOAD_REL_HEAD", BOOL, true, "VCR: initialise the classifier from the relationship head")
                .only(VCR);
        t.key("NETWORK.ANS_LOSS_TYPE", choice("bce", "ce"), "bce", "dead in the original").only(VQA, REFCOCO).ignored();
        t.key("NETWORK.REPLACE_OBJECT_CHANGE_LABEL", BOOL, true, "dead in the original").only(VQA, REFCOCO).ignored();

        t.key("NETWORK.VLBERT.from_scratch", BOOL, false, "pretraining: do not load BERT weights").only(PRETRAIN);
        t.key("NETWORK.VLBERT.input_size", POSITIVE_INT, 1280, "dead in the original").ignored();
        t.key("NETWORK.VLBERT.input_transform_type", INT, 1, "dead in the original").ignored();
        t.key("NETWORK.VLBERT.word_embedding_frozen", BOOL, false, "freeze word embeddings (special tokens trainable)")
                .notYet("frozen word embeddings with trainable special tokens", true);
        t.key("NETWORK.VLBERT.pos_embedding_frozen", BOOL, false, "pretraining: freeze position embeddings")
                .only(PRETRAIN);
        t.key("NETWORK.VLBERT.obj_pos_id_relative", BOOL, true, "must be true (the original asserts it)").ignored();
        t.key("NETWORK.VLBERT.hidden_size", POSITIVE_INT, 512, "hidden width H");
        t.key("NETWORK.VLBERT.visual_size", POSITIVE_INT, 512, "width of visual inputs (projected to H if different)");
        t.key("NETWORK.VLBERT.num_hidden_layers", POSITIVE_INT, 4, "transformer layers");
        t.key("NETWORK.VLBERT.num_attention_heads", POSITIVE_INT, 8, "attention heads (must divide hidden_size)");
        t.key("NETWORK.VLBERT.intermediate_size", POSITIVE_INT, 2048, "feed-forward width");
        t.key("NETWORK.VLBERT.hidden_act", choice("gelu", "relu", "swish"), "gelu", "feed-forward activation");
        t.key("NETWORK.VLBERT.hidden_dropout_prob", PROBABILITY, 0.1, "dropout on embeddings and sublayer outputs");
        t.key("NETWORK.VLBERT.attention_probs_dropout_prob", PROBABILITY, 0.1, "dropout on attention probabilities");
        t.key("NETWORK.VLBERT.max_position_embeddings", POSITIVE_INT, 512, "position-embedding rows");
        t.key("NETWORK.VLBERT.type_vocab_size", POSITIVE_INT, 3, "token-type rows");
        t.key("NETWORK.VLBERT.vocab_size", POSITIVE_INT, 30522, "word-embedding rows");
        t.key("NETWORK.VLBERT.initializer_range", NON_NEGATIVE_FLOAT, 0.02, "std of the normal initialisation");
        t.key("NETWORK.VLBERT.visual_scale_text_init", FLOAT, 0.0, "initial scale of text visual embeddings");
        t.key("NETWORK.VLBERT.visual_scale_object_init", FLOAT, 0.0, "initial scale of object visual embeddings");
        t.key("NETWORK.VLBERT.visual_ln", BOOL, false, "LayerNorm (true) or a scalar (false) on visual embeddings");
        t.key("NETWORK.VLBERT.object_word_embed_mode", intRange(1, 3), 2, "object linguistic embedding: 1 class-"
                + "specific, 2 one shared vector, 3 mean word embedding").dflt(VCR, 1);
        t.key("NETWORK.VLBERT.with_pooler", BOOL, false, "create the [CLS] pooler")
                .dflt(PRETRAIN, true).dflt(VCR, true);
        t.key("NETWORK.VLBERT.visual_region_classes", POSITIVE_INT, 1601, "pretraining: MVRC classifier width")
                .only(PRETRAIN);
        t.key("NETWORK.VLBERT.position_padding_idx", INT, -1, "offset of position ids (RoBERTa compatibility)");

        t.key("NETWORK.CLASSIFIER_TYPE", choice("2fc", "1fc"), "2fc", "task head type (RefCOCO+ ignores it)")
                .only(PRETRAIN, VCR);
        t.key("NETWORK.CLASSIFIER_TYPE", choice("2fc", "1fc", "mlm"), "2fc", "task head type (RefCOCO+ ignores it)")
                .only(VQA, REFCOCO);
        t.key("NETWORK.CLASSIFIER_PRETRAINED", BOOL, false, "VQA: initialise answer rows from word embeddings")
                .only(VQA, REFCOCO);
        t.key("NETWORK.CLASSIFIER_HIDDEN_SIZE", POSITIVE_INT, 1024, "hidden width of the 2fc head");
        t.key("NETWORK.CLASSIFIER_DROPOUT", PROBABILITY, 0.1, "classifier dropout");
        t.key("NETWORK.CLASSIFIER_SIGMOID", BOOL, false, "VCR: per-choice sigmoid BCE instead of softmax CE");
        t.key("NETWORK.CLASSIFIER_SIGMOID_LOSS_POSITIVE_WEIGHT", FLOAT, 1.0, "VCR: weight of positive choices");
        t.key("NETWORK.WITH_REL_LOSS", BOOL, true, "pretraining: caption-image relationship task").only(PRETRAIN)
                .notYet("the caption-image relationship pretraining task", true);
        t.key("NETWORK.WITH_MLM_LOSS", BOOL, true, "pretraining: masked language modelling").only(PRETRAIN);
        t.key("NETWORK.WITH_MVRC_LOSS", BOOL, true, "pretraining: masked RoI classification").only(PRETRAIN);
        t.key("NETWORK.MLM_LOSS_NORM_IN_BATCH_FIRST", BOOL, false, "pretraining: MLM loss normalisation")
                .only(PRETRAIN);
        t.key("NETWORK.MVRC_LOSS_NORM_IN_BATCH_FIRST", BOOL, false, "pretraining: MVRC loss normalisation")
                .only(PRETRAIN);
        t.key("NETWORK.MASK_RAW_PIXELS", BOOL, true, "pretraining end-to-end: mask RoIs by zeroing pixels")
                .only(PRETRAIN);

        // ---- TRAIN / VAL / TEST ----------------------------------------------------------------
        t.key("TRAIN.LR_MULT", LR_MULT, List.of(), "[name_substring, multiplier] parameter groups");
        for (String dead : List.of("VISUAL_SCALE_TEXT_LR_MULT", "VISUAL_SCALE_OBJECT_LR_MULT")) {
            t.key("TRAIN." + dead, FLOAT, 1.0, "dead in the original").only(VQA, VCR, REFCOCO).ignored();
        }
        t.key("TRAIN.VISUAL_SCALE_CLIP_GRAD_NORM", FLOAT, -1, "dead in the original").only(VQA, VCR, REFCOCO)
                .ignored();
        t.key("TRAIN.SHUFFLE", BOOL, true, "shuffle training data");
        t.key("TRAIN.FLIP_PROB", PROBABILITY, 0.5, "horizontal-flip probability");
        t.key("TRAIN.BATCH_IMAGES", BATCH_IMAGES_OR_LIST, 1, "per-device batch (pretraining: a list, one per dataset)")
                .only(PRETRAIN);
        t.key("TRAIN.BATCH_IMAGES", POSITIVE_INT, 1, "per-device batch (pretraining: a list, one per dataset)")
                .only(VQA, VCR, REFCOCO);
        t.key("TRAIN.ASPECT_GROUPING", BOOL, true,
                "group training batches by image aspect ratio (RefCOCO+, VQA; VCR and pretraining need false)");
        t.key("TRAIN.RESUME", BOOL, false, "resume from BEGIN_EPOCH's checkpoint");
        t.key("TRAIN.AUTO_RESUME", BOOL, true, "resume from the latest checkpoint found");
        t.key("TRAIN.BEGIN_EPOCH", NON_NEGATIVE_INT, 0, "first epoch");
        t.key("TRAIN.END_EPOCH", NON_NEGATIVE_INT, 0, "end epoch (exclusive); also sets the triangle length");
        t.key("TRAIN.OPTIMIZER", choice("SGD", "Adam", "AdamW"), "SGD", "optimizer");
        t.key("TRAIN.CLIP_GRAD_NORM", FLOAT, -1, "global gradient-norm clip (<= 0: off)");
        t.key("TRAIN.GRAD_ACCUMULATE_STEPS", POSITIVE_INT, 1, "micro-batches per update");
        t.key("TRAIN.LR", NON_NEGATIVE_FLOAT, 0.1, "per-sample LR: optimizer LR = LR x devices x sum(BATCH_IMAGES) "
                + "x GRAD_ACCUMULATE_STEPS");
        t.key("TRAIN.LR_SCHEDULE", choice("step", "triangle", "plateau"), "step", "LR schedule");
        t.key("TRAIN.LR_FACTOR", FLOAT, 0.1, "decay factor (step, plateau)");
        t.key("TRAIN.LR_STEP", EPOCH_STEPS, "", "step milestones in epochs, e.g. '14,18'");
        t.key("TRAIN.WARMUP", BOOL, false, "enable warmup over WARMUP_STEPS updates");
        t.key("TRAIN.WARMUP_METHOD", choice("linear", "constant"), "linear", "warmup shape (step schedule)");
        t.key("TRAIN.WARMUP_FACTOR", FLOAT, 1.0 / 3, "starting warmup factor (step schedule)");
        t.key("TRAIN.WARMUP_STEPS", NON_NEGATIVE_INT, 1000, "warmup length in updates");
        t.key("TRAIN.WD", NON_NEGATIVE_FLOAT, 1e-4, "weight decay");
        t.key("TRAIN.MOMENTUM", FLOAT, 0.9, "SGD momentum");
        t.key("TRAIN.FP16", BOOL, false, "mixed precision with fp32 master weights and loss scaling");
        t.key("TRAIN.FP16_LOSS_SCALE", LOSS_SCALE, 128.0, "static loss scale or 'dynamic'");
        t.key("TRAIN.LOSS_LOGGERS", LOSS_LOGGERS,
                List.of("relationship_loss,RelLoss", "mlm_loss,MLMLoss", "mvrc_loss,MVRCLoss"),
                "'output_name,DisplayName' losses to log").only(PRETRAIN);
        t.key("TRAIN.LOSS_LOGGERS", LOSS_LOGGERS, List.of("ans_loss,AnsLoss"), "'output_name,DisplayName' losses "
                + "to log").only(VQA);
        t.key("TRAIN.LOSS_LOGGERS", LOSS_LOGGERS, List.of("ans_loss,AnsLoss", "cnn_regularization_loss,CNNRegLoss"),
                "'output_name,DisplayName' losses to log").only(VCR);
        t.key("TRAIN.LOSS_LOGGERS", LOSS_LOGGERS, List.of("cls_loss,ClsLoss"), "'output_name,DisplayName' losses "
                + "to log").only(REFCOCO);

        t.key("VAL.SHUFFLE", BOOL, false, "shuffle validation data");
        t.key("VAL.FLIP_PROB", PROBABILITY, 0, "validation flip probability");
        t.key("VAL.BATCH_IMAGES", BATCH_IMAGES_OR_LIST, 1, "validation batch (pretraining: a list, one per dataset)")
                .only(PRETRAIN);
        t.key("VAL.BATCH_IMAGES", POSITIVE_INT, 1, "validation batch (pretraining: a list, one per dataset)")
                .only(VQA, VCR, REFCOCO);
        t.key("TEST.SHUFFLE", BOOL, false, "shuffle test data");
        t.key("TEST.FLIP_PROB", PROBABILITY, 0, "test flip probability");
        t.key("TEST.TEST_EPOCH", INT, 0, "dead in the original (tests use the best checkpoint)").ignored();
        t.key("TEST.BATCH_IMAGES", BATCH_IMAGES_OR_LIST, 1, "test batch (pretraining: a list, one per dataset)")
                .only(PRETRAIN);
        t.key("TEST.BATCH_IMAGES", POSITIVE_INT, 1, "test batch (pretraining: a list, one per dataset)")
                .only(VQA, VCR, REFCOCO);
        return t.finish();
    }

    /** A ResNet setting: supported for VCR and RefCOCO+, configuring the missing feature elsewhere. */
    private static void endToEndKey(Table t, String path, ValueType type, Object dflt, String doc) {
        t.key(path, type, dflt, doc).only(VQA).configures(END_TO_END);
        t.key(path, type, dflt, doc).only(PRETRAIN, VCR, REFCOCO);
    }

    /** Collects the rows above; each modifier applies to the row added last. */
    private static final class Table {
        private final List<Row> rows = new ArrayList<>();

        Row key(String path, ValueType type, Object defaultValue, String doc) {
            Row row = new Row(path, type, defaultValue, doc);
            rows.add(row);
            return row;
        }

        List<KeyDef> finish() {
            List<KeyDef> out = new ArrayList<>();
            for (Row r : rows) {
                out.addAll(r.toKeyDefs());
            }
            return List.copyOf(out);
        }
    }

    private static final class Row {
        private final String path;
        private final ValueType type;
        private final Object defaultValue;
        private final String doc;
        private final Map<Task, Object> taskDefaults = new EnumMap<>(Task.class);
        private Set<Task> tasks = EnumSet.allOf(Task.class);
        private KeyStatus status = KeyStatus.SUPPORTED;
        private Feature feature;
        private Object unsupportedValue;
        private Set<Task> unusedBy = EnumSet.noneOf(Task.class);

        Row(String path, ValueType type, Object defaultValue, String doc) {
            this.path = path;
            this.type = type;
            this.defaultValue = defaultValue;
            this.doc = doc;
        }

        Row only(Task first, Task... rest) {
            tasks = EnumSet.of(first, rest);
            return this;
        }

        /**
         * The original code of these tasks never reads the key (it is only in their config.py), so
         * for them it is accepted silently whatever its status elsewhere.
         */
        Row unusedBy(Task first, Task... rest) {
            unusedBy = EnumSet.of(first, rest);
            return this;
        }

        Row dflt(Task task, Object value) {
            taskDefaults.put(task, value);
            return this;
        }

        Row ignored() {
            status = KeyStatus.IGNORED_HARMLESS;
            return this;
        }

        /** Not supported; this value (compared after parsing) requests the missing feature. */
        Row notYet(Feature missing, Object requestingValue) {
            status = KeyStatus.NOT_YET_SUPPORTED;
            feature = missing;
            unsupportedValue = requestingValue;
            return this;
        }

        Row notYet(String missingFeature, Object requestingValue) {
            return notYet(new Feature(missingFeature), requestingValue);
        }

        /** Not supported; only configures a feature that another key requests. */
        Row configures(Feature missing) {
            status = KeyStatus.NOT_YET_SUPPORTED;
            feature = missing;
            return this;
        }

        List<KeyDef> toKeyDefs() {
            Map<Task, Object> used = new EnumMap<>(Task.class);
            Map<Task, Object> unused = new EnumMap<>(Task.class);
            for (Task task : tasks) {
                Object value = parse(taskDefaults.getOrDefault(task, defaultValue));
                (unusedBy.contains(task) ? unused : used).put(task, value);
            }
            List<KeyDef> out = new ArrayList<>();
            if (!used.isEmpty()) {
                out.add(new KeyDef(path, type, used, status, doc, feature,
                        unsupportedValue == null ? null : parse(unsupportedValue)));
            }
            if (!unused.isEmpty()) {
                out.add(new KeyDef(path, type, unused, KeyStatus.IGNORED_HARMLESS, doc, null, null));
            }
            return out;
        }

        private Object parse(Object javaValue) {
            try {
                return type.parse(ValueTypes.node(javaValue));
            } catch (BadValue e) {
                throw new IllegalStateException("schema table: bad value for " + path + ": " + e.message(path), e);
            }
        }
    }
}
