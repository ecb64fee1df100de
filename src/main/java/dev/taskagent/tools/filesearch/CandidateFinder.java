package dev.taskagent.tools.filesearch;

/** Finds positions where a match may start a line's candidacy; see {@link LiteralFinder}. */
interface CandidateFinder {

    /**
     * First candidate position in {@code [from, to)}, or -1.
     *
     * @param hay Latin-1 view of {@code buf[0, hay.length())}
     */
    int find(String hay, byte[] buf, int from, int to);
}
