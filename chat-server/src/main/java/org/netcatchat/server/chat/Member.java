package org.netcatchat.server.chat;

import org.netcatchat.server.address.AddressKey;
import org.netcatchat.server.outbox.Outbox;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection as the chat sees it: who it is (for log lines) and where its lines go. What it is in the chat
 * (its name, whether it has joined) is the chat's to know: ask {@link Chat#nameOf}. Thread-safe: immutable but for
 * {@link #removal}, set at most once, by the operator who removes it (issue 18).
 */
public final class Member {
    private final long id;
    /** The client's address and port, for log lines. */
    private final String address;
    private final Outbox outbox;
    /** The unit its address's limits and bans apply to; empty for members made by tests of the chat alone. */
    private final Optional<AddressKey> addressKey;
    /** "by root: spamming" once an operator has removed it: its leave notices say so instead of "has left". */
    private final AtomicReference<String> removal = new AtomicReference<>();

    public Member(long id, String address, Outbox outbox) {
        this(id, address, Optional.empty(), outbox);
    }

    public Member(long id, String address, Optional<AddressKey> addressKey, Outbox outbox) {
        this.id = id;
        this.address = Objects.requireNonNull(address, "address");
        this.addressKey = Objects.requireNonNull(addressKey, "addressKey");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    public Optional<AddressKey> addressKey() {
        return addressKey;
    }

    /** Marks it removed by an operator, before its connection is closed; the first call wins. */
    public void removedBecause(String why) {
        removal.compareAndSet(null, Objects.requireNonNull(why, "why"));
    }

    /** Why an operator removed it, if one did. */
    public Optional<String> removal() {
        return Optional.ofNullable(removal.get());
    }

    /** The connection id: unique on this server. */
    public long id() {
        return id;
    }

    /** {@code connection 7 from 203.0.113.7:53122}: how every log line about this connection starts. */
    public String label() {
        return "connection " + id + " from " + address;
    }

    public Outbox outbox() {
        return outbox;
    }
}
