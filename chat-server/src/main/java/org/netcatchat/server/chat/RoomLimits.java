package org.netcatchat.server.chat;

/**
 * How many named rooms there may be (docs/PROTOCOL.md, "Limits").
 *
 * @param perMember         rooms one member may be in at once, the lobby not counted ({@code --max-rooms-per-member})
 * @param open              rooms with at least one member at once, the lobby not counted ({@code --max-rooms})
 * @param creationsPerMinute joins that open a room nobody is in, per address a minute; 0 = no limit
 *                          ({@code --room-creations-per-minute}; kept by the address's budget, not here)
 */
public record RoomLimits(int perMember, int open, double creationsPerMinute) {
    /** InspIRCd's usual {@code maxchans}; a thousand rooms; ten new rooms a minute from one address. */
    public static final RoomLimits DEFAULT = new RoomLimits(20, 1000, 10);

    public RoomLimits {
        if (perMember < 1 || open < 1) {
            throw new IllegalArgumentException("--max-rooms-per-member and --max-rooms must be at least 1");
        }
        if (!(creationsPerMinute >= 0) || Double.isInfinite(creationsPerMinute)) {
            throw new IllegalArgumentException("--room-creations-per-minute must be a number >= 0, got "
                    + creationsPerMinute);
        }
    }
}
