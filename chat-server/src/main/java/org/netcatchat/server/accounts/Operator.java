package org.netcatchat.server.accounts;

import org.netcatchat.protocol.ChatName;

import java.util.Objects;

/** {@code --operator NAME:HASH}: NAME is an operator, whose password is the one {@code hash-password} hashed. */
public record Operator(ChatName name, PasswordHash hash) {
    public Operator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hash, "hash");
    }

    /** {@code alice:$argon2id$v=19$...}; the reason when it is not one never quotes the hash. */
    public static Operator parse(String option) {
        int colon = option.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--operator takes NAME:HASH, the hash as hash-password prints it");
        }
        ChatName name = switch (ChatName.parse(option.substring(0, colon))) {
            case ChatName.Result.Valid(ChatName valid) -> valid;
            case ChatName.Result.Invalid invalid -> throw new IllegalArgumentException("--operator: invalid name: "
                    + invalid.reason());
        };
        PasswordHash hash = PasswordHash.parse(option.substring(colon + 1)).orElseThrow(() ->
                new IllegalArgumentException("--operator " + name + ": the hash is not one hash-password prints"
                        + " ($argon2id$v=19$m=...,t=...,p=...$SALT$HASH)"));
        return new Operator(name, hash);
    }

    @Override
    public String toString() {
        return "Operator[" + name + "]";
    }
}
