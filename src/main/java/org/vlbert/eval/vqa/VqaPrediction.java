package org.vlbert.eval.vqa;

/** One line of a VQA result file: a question id and its predicted answer string. */
public record VqaPrediction(long questionId, String answer) {}
