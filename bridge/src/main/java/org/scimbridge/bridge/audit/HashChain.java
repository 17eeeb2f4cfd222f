package org.scimbridge.bridge.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tamper evidence: every record ends its structured data with {@code seq="N" prev="H"}, N counting records and H the
 * SHA-256 (hex) of the whole previous record as written (UTF-8, without the line end). The first record of a new file
 * chains from {@link #SEED}; a bridge that restarts and appends continues from the file's last line, so one file is
 * one unbroken chain. Editing, removing or reordering lines breaks the chain at that point ({@link ChainVerifier}).
 */
final class HashChain {

    /** What the first record of a chain names as its predecessor's hash. */
    static final String SEED = "0".repeat(64);
    /** The chain fields, always the last two parameters of the record. */
    static final Pattern FIELDS = Pattern.compile(" seq=\"(\\d{1,18})\" prev=\"([0-9a-f]{64})\"]$");
    private static final int LAST_LINE_LIMIT = 1 << 16;

    private long sequence;
    private String previous;

    private HashChain(long sequence, String previous) {
        this.sequence = sequence;
        this.previous = previous;
    }

    /** A chain that starts at sequence 1 from the seed. */
    static HashChain fresh() {
        return new HashChain(1, SEED);
    }

    /** A chain continuing after {@code lastLine}: the next sequence number (1 when it had none) and its hash. */
    static HashChain after(String lastLine) {
        Matcher fields = FIELDS.matcher(lastLine);
        return new HashChain(fields.find() ? Long.parseLong(fields.group(1)) + 1 : 1, sha256(lastLine));
    }

    /** The chain continuing the audit file at {@code path}, or a fresh one when it is missing, empty or not a file. */
    static HashChain continuing(Path path) throws IOException {
        return lastLine(path).map(HashChain::after).orElseGet(HashChain::fresh);
    }

    /** Appends the chain fields to an open record (see {@link SyslogFormat#open()}), closes it and moves on. */
    synchronized String seal(String openRecord) {
        String record = openRecord + " seq=\"" + sequence + "\" prev=\"" + previous + "\"]";
        sequence++;
        previous = sha256(record);
        return record;
    }

    static String sha256(String record) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(record.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Optional<String> lastLine(Path path) throws IOException {
        if (!Files.isRegularFile(path) || Files.size(path) == 0) {
            return Optional.empty();
        }
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
            long start = Math.max(0, file.length() - LAST_LINE_LIMIT);
            byte[] tail = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8);
            int end = text.endsWith("\n") ? text.length() - 1 : text.length();
            return Optional.of(text.substring(text.lastIndexOf('\n', end - 1) + 1, end));
        }
    }
}
