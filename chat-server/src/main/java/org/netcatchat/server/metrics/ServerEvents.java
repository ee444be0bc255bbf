package org.netcatchat.server.metrics;

import org.netcatchat.server.proxy.HeaderRejection;
import org.netcatchat.protocol.Problem;
import org.netcatchat.server.address.AddressLimits;

import java.time.Instant;

/**
 * What the server tells its observers. The server calls these on its hot paths: implementations must be
 * thread-safe, non-blocking and cheap. Only {@link PrometheusMetrics} knows about Prometheus.
 */
public interface ServerEvents {
    void connectionAdmitted();

    void connectionClosed();

    void connectionThreadStarted();

    void connectionThreadEnded();

    void joined();

    void left();

    /**
     * A {@code text} of a client of this server is in the log; {@code nanos} from its frame being handled to its
     * ACK being ready (counted just before it is queued).
     */
    void messageSent(long nanos);

    /** The log handed back a message (from this server or, in a cluster, any node), queued to {@code receivers} clients of this server. */
    void messageDelivered(int receivers);

    /** A member of this server joined a named room (attached: its ACK and replay are queued). */
    void roomJoined();

    /** A {@code tell#room} of a client of this server is in its room's log. */
    void roomMessageSent();

    /** A room's log handed back a message, queued to {@code receivers} clients of this server. */
    void roomMessageDelivered(int receivers);

    /** A private message was queued to its receiver (and echoed to its sender). */
    void privateMessageSent();

    /** How many named rooms have a member now. */
    void roomsOpen(int rooms);

    void frameRejected(Problem problem);

    void bytesReceived(long bytes);

    void bytesSent(long bytes);

    void slowClientDisconnected();

    void loginTimedOut();

    /** A connection was accepted and closed at once, with one line, for a limit of its address. */
    void connectionRefused(AddressLimits.Reason reason);

    /** A TLS handshake failed or timed out: the connection was never admitted. */
    void tlsHandshakeFailed();

    /** A connection was closed for its PROXY protocol header: none or a bad one from a proxy, or one from elsewhere. */
    void proxyHeaderRejected(HeaderRejection reason);

    /** The TLS port serves a certificate valid until {@code notAfter}: at start, and after each reload. */
    void tlsCertificate(Instant notAfter);

    /** An append to the history failed (disk full, read-only), or worked again after failing. */
    void historyWritable(boolean writable);

    /**
     * A cluster node's Redis stopped answering its lease renewal, or answers again: while it does not, nothing can
     * be appended, so the node is not ready ({@code /readyz}) and {@code netcat_history_writable} is 0.
     */
    void redisReachable(boolean reachable);

    /** The listener started accepting connections, or stopped (a graceful stop has begun). */
    void accepting(boolean accepting);

    /** The live history file was rotated ({@code --history-max-bytes}). */
    void historyRotated();

    /** The live history file has {@code bytes} bytes now. Called on every append: keep it cheap. */
    void historyBytes(long bytes);

    /**
     * An fsync of a history file (the lobby's or a room's) returned after {@code nanos}: one per append under
     * {@code --fsync always}, one per group commit under {@code batch}, none under {@code never}.
     */
    void historySynced(long nanos);

    /** {@code --cluster}: this server is the cluster node {@code id} (a random id, new at every start). */
    void clusterNode(String id);

    /** {@code --cluster}: entries in the shared stream after the last one this node delivered (sampled). */
    void clusterLag(long entries);

    /** {@code --cluster}: an XADD to the shared stream returned after {@code nanos}. */
    void redisAppended(long nanos);

    /** {@code --cluster}: a Redis command failed (unreachable, timed out, refused). */
    void redisFailed();

    /** A {@code name} gave a wrong password for a registered name (issue 18). */
    void wrongPassword();

    /** A password was refused unchecked: too many wrong ones from its address, or for its name. */
    void passwordGuessesRefused();

    /** A {@code pass} registered a name or changed its password (the accounts file was written). */
    void accountSaved();

    /** An operator's action took effect: {@code kick}, {@code ban}, {@code mute}, {@code unmute}, {@code unban}. */
    void moderated(String action);

    /** Events that go nowhere, for tests of parts that do not care. */
    ServerEvents NONE = new ServerEvents() {
        @Override
        public void connectionAdmitted() {
        }

        @Override
        public void connectionClosed() {
        }

        @Override
        public void connectionThreadStarted() {
        }

        @Override
        public void connectionThreadEnded() {
        }

        @Override
        public void joined() {
        }

        @Override
        public void left() {
        }

        @Override
        public void messageSent(long nanos) {
        }

        @Override
        public void messageDelivered(int receivers) {
        }

        @Override
        public void roomJoined() {
        }

        @Override
        public void roomMessageSent() {
        }

        @Override
        public void roomMessageDelivered(int receivers) {
        }

        @Override
        public void privateMessageSent() {
        }

        @Override
        public void roomsOpen(int rooms) {
        }

        @Override
        public void frameRejected(Problem problem) {
        }

        @Override
        public void bytesReceived(long bytes) {
        }

        @Override
        public void bytesSent(long bytes) {
        }

        @Override
        public void slowClientDisconnected() {
        }

        @Override
        public void loginTimedOut() {
        }

        @Override
        public void historyWritable(boolean writable) {
        }

        @Override
        public void redisReachable(boolean reachable) {
        }

        @Override
        public void accepting(boolean accepting) {
        }

        @Override
        public void connectionRefused(AddressLimits.Reason reason) {
        }

        @Override
        public void tlsHandshakeFailed() {
        }

        @Override
        public void proxyHeaderRejected(HeaderRejection reason) {
        }

        @Override
        public void tlsCertificate(Instant notAfter) {
        }

        @Override
        public void historyRotated() {
        }

        @Override
        public void historyBytes(long bytes) {
        }

        @Override
        public void historySynced(long nanos) {
        }

        @Override
        public void clusterNode(String id) {
        }

        @Override
        public void clusterLag(long entries) {
        }

        @Override
        public void redisAppended(long nanos) {
        }

        @Override
        public void redisFailed() {
        }

        @Override
        public void wrongPassword() {
        }

        @Override
        public void passwordGuessesRefused() {
        }

        @Override
        public void accountSaved() {
        }

        @Override
        public void moderated(String action) {
        }
    };
}
