package dev.taskagent.tools.filesearch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * A regular file found by the walker: either the entry {@code name} of the open directory {@code dir}, or (for a
 * symlinked file) the {@code target} inside a root, reached from that root through handles when opened.
 *
 * @param dir     the directory handle holding the file, or null for a symlinked file
 * @param name    the entry's name in {@code dir}, or null for a symlinked file
 * @param target  where a symlinked file leads (inside the workspace), or null
 * @param display path shown to the model
 * @param attrs   the file's attributes as examined by the walk (size, time, identity)
 */
record FileItem(Dir dir, Path name, ResolvedPath target, String display, BasicFileAttributes attrs) {

    long size() {
        return attrs.size();
    }

    FileTime mtime() {
        return attrs.lastModifiedTime();
    }

    /** Opens the file for reading through directory handles (see {@link Dir#openFile}). */
    FileChannel open(Workspace ws) throws IOException {
        return dir != null ? dir.openFile(name, attrs, ws.allowHardLinks()) : ws.openFile(target);
    }
}
