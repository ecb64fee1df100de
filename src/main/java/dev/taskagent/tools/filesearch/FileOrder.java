package dev.taskagent.tools.filesearch;

/** Order of {@link FileSearch#find} results. */
public enum FileOrder {
    /** Most recently modified first, ties by path. */
    NEWEST_FIRST,
    /** By display path. */
    PATH
}
