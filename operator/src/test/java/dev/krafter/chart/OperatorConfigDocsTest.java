package dev.krafter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.operator.OperatorConfig;
import org.junit.jupiter.api.Test;

/** docs/operator-config.md lists every operator setting with its default, as OperatorConfig defines them. */
class OperatorConfigDocsTest {
    @Test
    void everySettingIsDocumentedWithItsDefault() {
        String docs = ChartFiles.read(ChartFiles.repositoryRoot().resolve("docs/operator-config.md"));
        for (OperatorConfig.Setting setting : OperatorConfig.Setting.values()) {
            String row = docs.lines()
                    .filter(l -> l.startsWith("| `" + setting.env + "` |"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("docs/operator-config.md has no row for " + setting.env));
            String expectedDefault = setting.defaultValue.isEmpty() ? "empty" : "`" + setting.defaultValue + "`";
            assertThat(row)
                    .as(setting.env)
                    .contains("| " + expectedDefault + " |")
                    .contains(setting.description);
        }
    }
}
