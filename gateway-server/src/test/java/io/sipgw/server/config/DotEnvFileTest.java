package io.sipgw.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvFileTest {

    private static DotEnvFile parse(String content) {
        return DotEnvFile.parse(content, ".env");
    }

    @Test
    void readsKeyValueLinesSkippingCommentsAndBlankLines() {
        DotEnvFile file = parse("# comment\n\nPORT=5060\n   # indented comment\nPUBLIC_HOST = gw.example.com \n");

        assertThat(file.values()).containsExactly(
                java.util.Map.entry("PORT", "5060"), java.util.Map.entry("PUBLIC_HOST", "gw.example.com"));
        assertThat(file.problems()).isEmpty();
    }

    @Test
    void exportPrefixIsAccepted() {
        assertThat(parse("export USE_TLS=true").values()).containsEntry("USE_TLS", "true");
    }

    @Test
    void doubleQuotesKeepSpacesAndHashesAndUnderstandEscapes() {
        DotEnvFile file = parse("A=\"  two  words # not a comment \"\nB=\"line\\nbreak \\\"q\\\" back\\\\slash \\x\"\n"
                + "C=\"quoted\" # comment after\n");

        assertThat(file.values()).containsEntry("A", "  two  words # not a comment ")
                .containsEntry("B", "line\nbreak \"q\" back\\slash \\x")
                .containsEntry("C", "quoted");
        assertThat(file.problems()).isEmpty();
    }

    @Test
    void singleQuotesAreLiteral() {
        assertThat(parse("P='a\\nb \"c\" #d'").values()).containsEntry("P", "a\\nb \"c\" #d");
    }

    @Test
    void unquotedValuesLoseTrailingCommentsButKeepInnerHashes() {
        DotEnvFile file = parse("A=value # comment\nB=pa#ss\nC=\nD=   \n");

        assertThat(file.values()).containsEntry("A", "value").containsEntry("B", "pa#ss")
                .containsEntry("C", "").containsEntry("D", "");
    }

    @Test
    void laterLineWinsAndWindowsLineEndingsAndBomAreHandled() {
        DotEnvFile file = parse("\uFEFFPORT=1\r\nPORT=2\r\nX=y\r\n");

        assertThat(file.values()).containsEntry("PORT", "2").containsEntry("X", "y");
        assertThat(file.problems()).isEmpty();
    }

    @Test
    void badLinesAreProblemsThatNeverRepeatTheLine() {
        DotEnvFile file = parse("GOOD=1\njust-a-secret-value\n1BAD=x\nQ=\"unterminated\nR='x' trailing\nS=\"a\" b\n");

        assertThat(file.values()).containsOnlyKeys("GOOD");
        assertThat(file.problems()).extracting(ConfigProblem::describe).containsExactly(
                ".env line 2: expected KEY=VALUE, where KEY is letters, digits and '_' not starting with a digit",
                ".env line 3: expected KEY=VALUE, where KEY is letters, digits and '_' not starting with a digit",
                ".env line 4 (Q): expected a value whose opening quote is closed on the same line, with only a # comment "
                        + "after it",
                ".env line 5 (R): expected a value whose opening quote is closed on the same line, with only a # comment "
                        + "after it",
                ".env line 6 (S): expected a value whose opening quote is closed on the same line, with only a # comment "
                        + "after it");
        assertThat(file.problems().toString()).doesNotContain("just-a-secret-value").doesNotContain("unterminated");
    }

    @Test
    void missingFileIsEmpty(@TempDir Path dir) {
        DotEnvFile file = DotEnvFile.read(dir.resolve(".env"));

        assertThat(file.values()).isEmpty();
        assertThat(file.problems()).isEmpty();
    }

    @Test
    void unreadablePathIsAProblem(@TempDir Path dir) throws Exception {
        Path directory = Files.createDirectory(dir.resolve(".env"));

        DotEnvFile file = DotEnvFile.read(directory);

        assertThat(file.values()).isEmpty();
        assertThat(file.problems()).singleElement().extracting(ConfigProblem::describe).asString()
                .startsWith(directory + ": expected a readable UTF-8 .env file or none at all");
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path path = Files.writeString(dir.resolve(".env"), "A=1\nB=\"2\"\n");

        assertThat(DotEnvFile.read(path).values()).containsEntry("A", "1").containsEntry("B", "2");
    }
}
