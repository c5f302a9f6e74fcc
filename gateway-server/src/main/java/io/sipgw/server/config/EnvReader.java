package io.sipgw.server.config;

import io.sipgw.transport.CidrAllowList;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Typed reads of named variables that record a {@link ConfigProblem} instead of throwing, so all are reported. */
final class EnvReader {

    private final Map<String, String> values;
    private final List<ConfigProblem> problems = new ArrayList<>();

    /** {@code values} holds only variables that are set to something other than blanks. */
    EnvReader(Map<String, String> values) {
        this.values = values;
    }

    List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    void report(ConfigProblem problem) {
        problems.add(problem);
    }

    boolean isSet(String name) {
        return values.containsKey(name);
    }

    /** The value with surrounding blanks removed, if set. */
    Optional<String> text(String name) {
        String value = values.get(name);
        return value == null ? Optional.empty() : Optional.of(value.strip());
    }

    /** The value exactly as given, for secrets, whose blanks may matter. */
    Optional<String> raw(String name) {
        return Optional.ofNullable(values.get(name));
    }

    Optional<String> required(String name, String expected) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            problems.add(ConfigProblem.missing(name, expected));
        }
        return value;
    }

    int port(String name, int fallback, int min) {
        return optionalPort(name, min).orElse(fallback);
    }

    OptionalInt optionalPort(String name, int min) {
        String expected = min == 0
                ? "a port number from 0 to 65535 (0 picks a free port)"
                : "a port number from " + min + " to 65535";
        return optionalInt(name, min, 65535, expected);
    }

    int integer(String name, int fallback, int min, int max, String expected) {
        return optionalInt(name, min, max, expected).orElse(fallback);
    }

    private OptionalInt optionalInt(String name, int min, int max, String expected) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        String digits = value.get().replace("_", "");
        if (!digits.isEmpty() && digits.length() <= 10 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long number = Long.parseLong(digits);
            if (number >= min && number <= max) {
                return OptionalInt.of((int) number);
            }
        }
        problems.add(ConfigProblem.invalid(name, value.get(), expected));
        return OptionalInt.empty();
    }

    boolean bool(String name, boolean fallback) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "yes": case "on":
                return true;
            case "false": case "0": case "no": case "off":
                return false;
            default:
                problems.add(ConfigProblem.invalid(name, value.get(), "true or false (1/0, yes/no, on/off also work)"));
                return fallback;
        }
    }

    /** One of {@code allowed} (compared ignoring case), returned as written in {@code allowed}. */
    String choice(String name, String fallback, List<String> allowed) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        for (String option : allowed) {
            if (option.equalsIgnoreCase(value.get())) {
                return option;
            }
        }
        problems.add(ConfigProblem.invalid(name, value.get(), "one of " + String.join(", ", allowed)));
        return fallback;
    }

    /** A duration written {@code 30s}, {@code 500ms}, {@code 2m} or a bare number of seconds. */
    Duration duration(String name, Duration fallback, Duration max) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        Duration parsed = parseDuration(value.get().toLowerCase(Locale.ROOT));
        if (parsed == null || parsed.compareTo(max) > 0) {
            problems.add(ConfigProblem.invalid(name, value.get(),
                    "a duration such as 30s, 500ms or 2m (a bare number is seconds), at most "
                            + max.toSeconds() + "s"));
            return fallback;
        }
        return parsed;
    }

    CidrAllowList cidrs(String name, String fallback) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return CidrAllowList.parse(fallback);
        }
        try {
            CidrAllowList list = CidrAllowList.parse(value.get());
            if (!list.isEmpty()) {
                return list;
            }
        } catch (IllegalArgumentException e) {
            problems.add(ConfigProblem.invalid(name, value.get(),
                    "networks as addr/len separated by commas, e.g. 203.0.113.0/24,2001:db8::/32 ("
                            + e.getMessage() + ")"));
            return CidrAllowList.empty();
        }
        problems.add(ConfigProblem.invalid(name, value.get(), "at least one network as addr/len"));
        return CidrAllowList.empty();
    }

    /** A {@code host[:port]}; a missing value is reported when {@code required}. */
    Optional<HostAndPort> hostAndPort(String name, boolean required, String expected) {
        Optional<String> value = required ? required(name, expected) : text(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(HostAndPort.parse(value.get()));
        } catch (IllegalArgumentException e) {
            problems.add(ConfigProblem.invalid(name, value.get(), expected + " (" + e.getMessage() + ")"));
            return Optional.empty();
        }
    }

    /** A path that names an existing regular file this process can read. */
    Optional<Path> readableFile(String name, String what) {
        Optional<String> value = required(name, what + " (needed because USE_TLS=true)");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(value.get());
        } catch (InvalidPathException e) {
            problems.add(ConfigProblem.invalid(name, value.get(), what + "; this is not a valid path"));
            return Optional.empty();
        }
        String defect = null;
        if (!Files.exists(path)) {
            defect = "no such file";
        } else if (!Files.isRegularFile(path)) {
            defect = "it is not a regular file";
        } else if (!Files.isReadable(path)) {
            defect = "this user may not read it";
        }
        if (defect != null) {
            problems.add(ConfigProblem.invalid(name, value.get(), what + "; " + defect));
            return Optional.empty();
        }
        return Optional.of(path);
    }

    private static Duration parseDuration(String text) {
        String number = text;
        long unitMillis = 1000;
        if (text.endsWith("ms")) {
            number = text.substring(0, text.length() - 2);
            unitMillis = 1;
        } else if (text.endsWith("s")) {
            number = text.substring(0, text.length() - 1);
        } else if (text.endsWith("m")) {
            number = text.substring(0, text.length() - 1);
            unitMillis = 60_000;
        } else if (text.endsWith("h")) {
            number = text.substring(0, text.length() - 1);
            unitMillis = 3_600_000;
        } else if (text.endsWith("d")) {
            number = text.substring(0, text.length() - 1);
            unitMillis = 86_400_000;
        }
        number = number.strip();
        if (number.isEmpty() || number.length() > 9 || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Duration.ofMillis(Long.parseLong(number) * unitMillis);
    }
}
