package dev.krafter.entrypoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StorageCheckTest {

    private static final String META = """
      #
      #Thu Nov 26 10:00:00 UTC 2026
      node.id=1
      directory.id=q3Yh3tN2T4y0N0Yk2RDdPg
      version=1
      cluster.id=MkU3OEVBNTcwNTJENDM2Qk
      """;

    @Test
    void formatsAnEmptyVolume() {
        assertThat(StorageCheck.decide(Optional.empty(), "MkU3OEVBNTcwNTJENDM2Qk", "/data"))
                .isEqualTo(StorageCheck.Action.FORMAT);
    }

    @Test
    void reusesAVolumeOfTheSameCluster() {
        assertThat(StorageCheck.decide(Optional.of(META), "MkU3OEVBNTcwNTJENDM2Qk", "/data"))
                .isEqualTo(StorageCheck.Action.USE_EXISTING);
    }

    @Test
    void refusesAVolumeOfAnotherClusterNamingBothIds() {
        assertThatThrownBy(() -> StorageCheck.decide(Optional.of(META), "OtherClusterId00000000", "/data"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'MkU3OEVBNTcwNTJENDM2Qk'")
                .hasMessageContaining("KRAFTER_CLUSTER_ID is 'OtherClusterId00000000'")
                .hasMessageContaining("delete the volume")
                .hasMessageContaining("fix the cluster id");
    }

    @Test
    void refusesAMetaPropertiesWithoutClusterId() {
        assertThatThrownBy(() -> StorageCheck.decide(Optional.of("version=1\n"), "MkU3OEVBNTcwNTJENDM2Qk", "/data"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("has no cluster.id");
    }
}
