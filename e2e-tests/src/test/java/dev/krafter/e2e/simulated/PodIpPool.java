package dev.krafter.e2e.simulated;

import java.util.Set;

/**
 * Pod IPs of the simulated node, as a CNI's host-local IPAM hands them out: fixed for the pod's life (container
 * restarts and network reconnects keep it) and given round-robin, so an address just released goes to a new pod only
 * after every other free one has. A client still holding a deleted pod's address then finds nothing there rather than
 * another broker.
 *
 * <p>The Docker network is a /22: pods get the lower /23 (fixed addresses, {@code docker create --ip}); Docker's own
 * allocation for anything else on the network is confined to the upper /23 ({@code --ip-range}).
 */
final class PodIpPool {
    /** Candidate /22 blocks: 10.213.0.0/22, 10.213.4.0/22, … 10.213.252.0/22. */
    static final int BLOCKS = 64;

    /** Host numbers of the lower /23 (0 is the network, 1 the gateway). */
    private static final int FIRST_POD_HOST = 2;
    private static final int LAST_POD_HOST = 511;

    private final int secondOctet;
    private final int thirdOctet;
    private int nextOffset;

    /** The pool of block {@code block} (0 … {@link #BLOCKS}-1). */
    PodIpPool(int block) {
        this.secondOctet = 213;
        this.thirdOctet = Math.floorMod(block, BLOCKS) * 4;
    }

    /** The {@code attempt}-th block to try for a cluster, starting from one derived from its id. */
    static int block(String clusterId, int attempt) {
        return Math.floorMod(clusterId.hashCode() + attempt, BLOCKS);
    }

    String subnet() {
        return "10." + secondOctet + "." + thirdOctet + ".0/22";
    }

    /** Where Docker allocates addresses it is not told: the upper half of the subnet. */
    String dockerRange() {
        return "10." + secondOctet + "." + (thirdOctet + 2) + ".0/23";
    }

    /** The gateway Docker gives the network (the first address): the simulated node's IP. */
    String gateway() {
        return address(1);
    }

    /** The next free pod address after the last one given, skipping {@code inUse}. */
    synchronized String allocate(Set<String> inUse) {
        int count = LAST_POD_HOST - FIRST_POD_HOST + 1;
        for (int i = 0; i < count; i++) {
            int host = FIRST_POD_HOST + Math.floorMod(nextOffset + i, count);
            String ip = address(host);
            if (!inUse.contains(ip)) {
                nextOffset = host - FIRST_POD_HOST + 1;
                return ip;
            }
        }
        throw new IllegalStateException("no free pod address left in " + subnet());
    }

    private String address(int host) {
        return "10." + secondOctet + "." + (thirdOctet + host / 256) + "." + host % 256;
    }
}
