package io.sipgw.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The variables of a {@code .env} file: {@code KEY=VALUE} lines, {@code #} comments, blank lines, an optional
 * {@code export } prefix and optionally quoted values ({@code "..."} with {@code \n \" \\} escapes,
 * {@code '...'} literal). A later line for the same key wins.
 */
public final class DotEnvFile {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String EXPORT = "export ";

    private final Map<String, String> values;
    private final List<ConfigProblem> problems;

    private DotEnvFile(Map<String, String> values, List<ConfigProblem> problems) {
        this.values = Collections.unmodifiableMap(values);
        this.problems = List.copyOf(problems);
    }

    /** The empty file: what a missing {@code .env} means. */
    public static DotEnvFile empty() {
        return new DotEnvFile(new LinkedHashMap<>(), List.of());
    }

    /** Reads {@code path}; a missing file is empty, an unreadable one is a problem. */
    public static DotEnvFile read(Path path) {
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return empty();
        } catch (IOException | RuntimeException e) {
            return new DotEnvFile(new LinkedHashMap<>(), List.of(ConfigProblem.general(path.toString(),
                    "a readable UTF-8 .env file or none at all (" + e.getClass().getSimpleName() + ")")));
        }
        return parse(content, path.toString());
    }

    /** Parses file content; {@code source} names the file in problems. */
    public static DotEnvFile parse(String content, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            if (line.startsWith(EXPORT)) {
                line = line.substring(EXPORT.length()).stripLeading();
            }
            int equals = line.indexOf('=');
            String key = equals < 0 ? line : line.substring(0, equals).strip();
            if (equals < 0 || !KEY.matcher(key).matches()) {
                // The line is not echoed: it may be a secret pasted without its name.
                problems.add(ConfigProblem.general(where,
                        "KEY=VALUE, where KEY is letters, digits and '_' not starting with a digit"));
                continue;
            }
            String value = value(line.substring(equals + 1).strip());
            if (value == null) {
                problems.add(ConfigProblem.general(where + " (" + key + ")",
                        "a value whose opening quote is closed on the same line, with only a # comment after it"));
                continue;
            }
            values.put(key, value);
        }
        return new DotEnvFile(values, problems);
    }

    public Map<String, String> values() {
        return values;
    }

    /** Lines that could not be read; their content is never repeated, only the line number and key. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** The value of the text after '=', or null when a quote is not closed or is followed by more than a comment. */
    private static String value(String raw) {
        if (raw.startsWith("\"")) {
            return doubleQuoted(raw);
        }
        if (raw.startsWith("'")) {
            int close = raw.indexOf('\'', 1);
            return close < 0 || !onlyComment(raw.substring(close + 1)) ? null : raw.substring(1, close);
        }
        // Unquoted: a '#' after whitespace starts a comment; one inside a word (a#b) is kept.
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && i > 0 && Character.isWhitespace(raw.charAt(i - 1))) {
                return raw.substring(0, i).strip();
            }
        }
        return raw;
    }

    private static String doubleQuoted(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '"') {
                return onlyComment(raw.substring(i + 1)) ? out.toString() : null;
            }
            if (c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(++i);
                switch (next) {
                    case 'n':
                        out.append('\n');
                        break;
                    case 't':
                        out.append('\t');
                        break;
                    case '"':
                    case '\\':
                        out.append(next);
                        break;
                    default:
                        // Unknown escapes are kept as written, as most .env readers do.
                        out.append('\\').append(next);
                }
                continue;
            }
            out.append(c);
        }
        return null;
    }

    private static boolean onlyComment(String rest) {
        String trimmed = rest.strip();
        return trimmed.isEmpty() || trimmed.startsWith("#");
    }
}
