package io.sipgw.server.config;

import java.util.List;

/** Every problem found while reading the configuration, reported together so one restart can fix them all. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(List<ConfigProblem> problems) {
        StringBuilder out = new StringBuilder();
        out.append("invalid configuration (").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems").append("):");
        for (ConfigProblem problem : problems) {
            out.append(System.lineSeparator()).append("  - ").append(problem.describe());
        }
        out.append(System.lineSeparator())
                .append("Set these as environment variables or in .env (the environment wins); ")
                .append("config/.env.example explains every variable.");
        return out.toString();
    }
}
