package org.netcatchat.server.accounts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * A small file of lines that is only ever replaced whole: the accounts and the bans, each beside the history. A
 * write goes to a temporary file in the same folder (mode 0600: it holds password hashes), is forced to disk, then
 * renamed over the old one with {@code ATOMIC_MOVE}, and the folder is forced so the rename survives a power loss.
 * A crash at any point leaves the old file or the new one, never a torn one. Not thread-safe: its owner serialises
 * writes.
 */
public final class LineFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;

    public LineFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    public Path path() {
        return path;
    }

    /** The lines, without blank ones and {@code #} comments; none when there is no file yet. */
    public List<String> read() throws IOException {
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** Replaces the file with {@code header} (a comment line) and {@code lines}, atomically; see the class comment. */
    public void write(String header, List<String> lines) throws IOException {
        Path folder = path.getParent();
        Path temporary = createTemporary(folder);
        try {
            StringBuilder text = new StringBuilder("# ").append(header).append('\n');
            lines.forEach(line -> text.append(line).append('\n'));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        forceFolder(folder);
    }

    private Path createTemporary(Path folder) throws IOException {
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        String name = "." + path.getFileName() + ".";
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createTempFile(folder, name, ".tmp", attributes);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 3) {
                    throw e;
                }
            }
        }
    }

    /** A rename is an entry of the folder: forcing the folder makes it durable (Linux; elsewhere it may not open). */
    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every system opens a folder for reading (Windows): the rename is still atomic, only maybe not durable yet.
        }
    }
}
