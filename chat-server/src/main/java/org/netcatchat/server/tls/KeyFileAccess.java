package org.netcatchat.server.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Whether others than its owner can read or change the private key file. The rule is PostgreSQL's for its server
 * key: nobody but the owner, except that a key owned by root may be readable by its group (Debian's
 * {@code ssl-cert} convention: {@code root:ssl-cert 0640}). Only a warning: refusing would stop a server that
 * worked yesterday, and the operator may have reasons the server cannot see.
 */
final class KeyFileAccess {
    private KeyFileAccess() {
    }

    /** Why the key is too open, or empty when it is not (or the file system has no POSIX permissions). */
    static Optional<String> problem(Path keyFile) {
        PosixFileAttributes attributes;
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(keyFile, PosixFileAttributeView.class);
            if (view == null) {
                return Optional.empty();
            }
            attributes = view.readAttributes();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty(); // it was just read: whatever this is, the key itself is fine
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        boolean rootOwned = attributes.owner().getName().equals("root");
        if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of("every user of this machine can " + (permissions.contains(PosixFilePermission.OTHERS_READ)
                    ? "read" : "write") + " it");
        }
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)) {
            return Optional.of("the group " + attributes.group().getName() + " can write it");
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ) && !rootOwned) {
            return Optional.of("the group " + attributes.group().getName() + " can read it");
        }
        return Optional.empty();
    }
}
