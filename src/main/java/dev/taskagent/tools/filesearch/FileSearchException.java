package dev.taskagent.tools.filesearch;

/**
 * A refusal or user error whose message is short, safe and meant to be shown to the model as is. It never reveals
 * anything about paths outside the workspace.
 */
public final class FileSearchException extends RuntimeException {

    public FileSearchException(String shortMessage) {
        super(shortMessage, null, false, false);
    }
}
