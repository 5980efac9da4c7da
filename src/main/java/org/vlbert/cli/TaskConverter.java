package org.vlbert.cli;

import org.vlbert.config.Task;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --task pretrain|vqa|vcr|refcoco}. */
final class TaskConverter implements ITypeConverter<Task> {
    @Override
    public Task convert(String value) {
        try {
            return Task.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
