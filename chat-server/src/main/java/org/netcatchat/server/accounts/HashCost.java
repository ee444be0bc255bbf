package org.netcatchat.server.accounts;

/**
 * What one Argon2id hash costs: {@code memoryKiB} of memory, {@code iterations} passes over it, {@code lanes} in
 * parallel (computed one after another here: Bouncy Castle runs the lanes on the calling thread). New hashes are
 * made with the server's cost ({@code --password-memory}); a stored hash is checked with the cost written in it,
 * so raising the cost never locks anyone out.
 */
public record HashCost(int memoryKiB, int iterations, int lanes) {
    /**
     * 19 MiB, 2 passes, 1 lane: OWASP's first Argon2id choice (2024). 50 to 75 ms a hash on the 2-core build machine
     * (docs/ARCHITECTURE.md has the measurement): slow enough that a stolen accounts file yields tens of guesses a
     * second per core, not billions, and cheap enough that a login costs the server nothing a person would notice.
     */
    public static final HashCost DEFAULT = new HashCost(19 * 1024, 2, 1);
    /** Argon2's own lower bound is 8 KiB a lane; below 1 MiB the memory hardness is gone, so the options stop there. */
    public static final int MIN_MEMORY_KIB = 1024;
    public static final int MAX_MEMORY_KIB = 1024 * 1024;

    public HashCost {
        if (memoryKiB < 8 * lanes || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2 memory must be from " + (8 * lanes) + " to " + MAX_MEMORY_KIB
                    + " KiB, got " + memoryKiB);
        }
        if (iterations < 1 || iterations > 100) {
            throw new IllegalArgumentException("Argon2 iterations must be from 1 to 100, got " + iterations);
        }
        if (lanes < 1 || lanes > 16) {
            throw new IllegalArgumentException("Argon2 lanes must be from 1 to 16, got " + lanes);
        }
    }

    /** The server's own cost, from {@code --password-memory} (KiB) and {@code --password-iterations}. */
    public static HashCost of(int memoryKiB, int iterations) {
        if (memoryKiB < MIN_MEMORY_KIB) {
            throw new IllegalArgumentException("--password-memory must be at least " + MIN_MEMORY_KIB + " KiB, got " + memoryKiB);
        }
        return new HashCost(memoryKiB, iterations, 1);
    }
}
