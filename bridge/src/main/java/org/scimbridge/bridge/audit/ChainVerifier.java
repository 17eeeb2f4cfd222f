package org.scimbridge.bridge.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Checks the hash chain of an audit file ({@link HashChain}) and names the first line where it breaks: a record altered
 * (the next record's {@code prev} no longer matches its hash), removed (a gap in the sequence) or reordered (a sequence
 * number out of place). Leading lines without chain fields (written before {@code audit.hashChain} was turned on) are
 * counted and skipped. A file whose first record has a sequence above 1 continues a rotated-away file: it is accepted and
 * the summary names the hash it continues from, to compare with the last record of the previous file.
 * The chain cannot show an edit of the very last record, nor a file rewritten whole: compare the summary's last hash
 * with a copy kept elsewhere (a remote syslog sink receives the same records).
 */
public final class ChainVerifier {

    /** The outcome: intact, or the 1-based line and the reason of the first break. */
    public record Verdict(boolean intact, long line, String message) {
    }

    private record Link(long sequence, String previous) {
    }

    private ChainVerifier() {
    }

    public static Verdict verify(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        Map<Long, Integer> lineOfSequence = new HashMap<>();
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher fields = HashChain.FIELDS.matcher(lines.get(i));
            Link link = fields.find() ? new Link(Long.parseLong(fields.group(1)), fields.group(2)) : null;
            links.add(link);
            if (link != null) {
                lineOfSequence.putIfAbsent(link.sequence(), i);
            }
        }
        int first = 0;
        while (first < links.size() && links.get(first) == null) {
            first++;
        }
        if (first == links.size()) {
            return new Verdict(false, 0,
                    lines.isEmpty() ? "the file is empty" : "no record carries hash chain fields (seq, prev)");
        }
        Link start = links.get(first);
        String expected = first > 0 ? HashChain.sha256(lines.get(first - 1)) : HashChain.SEED;
        if ((first > 0 || start.sequence() == 1) && !start.previous().equals(expected)) {
            return broken(first, "the record does not chain from " + (first > 0 ? "the line before it" : "the seed")
                    + ": it or the line before it was altered");
        }
        for (int i = first + 1; i < links.size(); i++) {
            Link link = links.get(i);
            if (link == null) {
                return broken(i, "the record has no hash chain fields: it was altered or inserted");
            }
            long before = links.get(i - 1).sequence();
            if (link.sequence() > before + 1) {
                Integer later = lineOfSequence.get(before + 1);
                return later != null && later > i
                        ? broken(i, "records out of order: sequence " + (before + 1) + " expected, found " + link.sequence()
                                + " (sequence " + (before + 1) + " is on line " + (later + 1) + ")")
                        : broken(i, "records removed before this line: sequence " + link.sequence() + " follows " + before
                                + (link.sequence() == before + 2 ? "" : " (" + (link.sequence() - before - 1)
                                + " records missing)"));
            }
            if (link.sequence() <= before) {
                return broken(i, "records out of order: sequence " + link.sequence() + " follows " + before);
            }
            if (!link.previous().equals(HashChain.sha256(lines.get(i - 1)))) {
                return broken(i - 1, "the record was altered: its hash does not match the prev field of line " + (i + 1));
            }
        }
        Link last = links.getLast();
        return new Verdict(true, 0, (lines.size() - first) + " records intact, sequence " + start.sequence()
                + " to " + last.sequence()
                + (first > 0 ? " (" + first + " earlier lines without a chain)" : "")
                + (first == 0 && start.sequence() > 1 ? "; continues a previous file from hash " + start.previous() : "")
                + "; last record hash " + HashChain.sha256(lines.getLast()));
    }

    private static Verdict broken(int index, String reason) {
        return new Verdict(false, index + 1, "line " + (index + 1) + ": " + reason);
    }
}
