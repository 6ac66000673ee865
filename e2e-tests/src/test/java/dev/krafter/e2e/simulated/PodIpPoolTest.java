package dev.krafter.e2e.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodIpPoolTest {

    @Test
    void podsGetTheLowerHalfAndDockerTheUpperHalfOfTheBlock() {
        PodIpPool pool = new PodIpPool(3);
        assertThat(pool.subnet()).isEqualTo("10.213.12.0/22");
        assertThat(pool.dockerRange()).isEqualTo("10.213.14.0/23");
        assertThat(pool.gateway()).isEqualTo("10.213.12.1");
        assertThat(pool.allocate(Set.of())).isEqualTo("10.213.12.2");
    }

    @Test
    void aReleasedAddressIsGivenAgainOnlyAfterEveryOtherFreeOne() {
        PodIpPool pool = new PodIpPool(0);
        Set<String> inUse = new HashSet<>();
        String first = pool.allocate(inUse);
        inUse.add(first);
        String second = pool.allocate(inUse);
        inUse.add(second);
        inUse.remove(first);

        Set<String> given = new HashSet<>();
        for (int i = 0; i < 508; i++) {
            String ip = pool.allocate(inUse);
            inUse.add(ip);
            given.add(ip);
        }
        assertThat(given).doesNotContain(first, second).contains("10.213.1.255");
        assertThat(pool.allocate(inUse)).as("the released address, once nothing else is free").isEqualTo(first);
        inUse.add(first);
        assertThatThrownBy(() -> pool.allocate(inUse)).hasMessageContaining("no free pod address");
    }

    @Test
    void eachClusterStartsAtItsOwnBlockAndMovesOnWhenTaken() {
        int block = PodIpPool.block("a1b2c3", 0);
        assertThat(PodIpPool.block("a1b2c3", 1)).isEqualTo((block + 1) % PodIpPool.BLOCKS);
        assertThat(new PodIpPool(PodIpPool.BLOCKS - 1).subnet()).isEqualTo("10.213.252.0/22");
    }
}
