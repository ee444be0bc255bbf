package org.netcatchat.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.netcatchat.client.connection.Closure;

class SessionEndTest {

    @Test
    void theFirstEndingWinsAndWakesOnce() {
        AtomicInteger wakes = new AtomicInteger();
        SessionEnd end = new SessionEnd(wakes::incrementAndGet);
        assertThat(end.end(new Ending.ServerGone("the server closed the connection"))).isTrue();
        assertThat(end.end(new Ending.Interrupted())).isFalse();
        assertThat(end.ending()).isCompletedWithValue(new Ending.ServerGone("the server closed the connection"));
        assertThat(wakes).hasValue(1);
    }

    @Test
    void theInputThreadIsInterruptedWhenAnotherThreadEndsTheSession() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread input = Thread.ofVirtual().start(() -> {
            try {
                waiting.countDown();
                new CountDownLatch(1).await(); // stands for a readLine
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
        });
        SessionEnd end = SessionEnd.interrupting(input);
        assertThat(waiting.await(20, TimeUnit.SECONDS)).isTrue();
        end.end(new Ending.Terminated());
        assertThat(interrupted.get(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theInputThreadDoesNotInterruptItself() {
        SessionEnd end = SessionEnd.interrupting(Thread.currentThread());
        end.end(new Ending.Quit());
        assertThat(Thread.interrupted()).isFalse();
    }

    @RepeatedTest(20)
    void racingEndingsAgreeOnOneWinner() throws Exception {
        AtomicInteger wakes = new AtomicInteger();
        SessionEnd end = new SessionEnd(wakes::incrementAndGet);
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Boolean> a = CompletableFuture.supplyAsync(() -> awaitThen(start, () -> end.end(new Ending.Quit())));
        CompletableFuture<Boolean> b = CompletableFuture.supplyAsync(() -> awaitThen(start, () -> end.end(new Ending.Interrupted())));
        start.countDown();
        assertThat(a.get(20, TimeUnit.SECONDS) ^ b.get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(wakes).hasValue(1);
    }

    @Test
    void closuresMapToEndingsAndExitCodes() {
        assertThat(Ending.after(new Closure.ClosedHere())).isEmpty();
        assertThat(Ending.after(new Closure.AfterQuit())).contains(new Ending.Quit());
        assertThat(Ending.after(new Closure.ClosedByServer()))
                .contains(new Ending.ServerGone("the server closed the connection"));
        assertThat(Ending.after(new Closure.Lost("connection reset")))
                .contains(new Ending.ServerGone("connection lost (connection reset)"));
        assertThat(new Ending.Quit().exitCode()).isZero();
        assertThat(new Ending.ServerGone("x").exitCode()).isEqualTo(3);
        assertThat(new Ending.NameRefused("x").exitCode()).isEqualTo(4);
        assertThat(new Ending.Failed(new RuntimeException()).exitCode()).isEqualTo(70);
        assertThat(new Ending.Interrupted().exitCode()).isEqualTo(130);
        assertThat(new Ending.Terminated().exitCode()).isEqualTo(143);
    }

    private static boolean awaitThen(CountDownLatch start, java.util.function.BooleanSupplier action) {
        try {
            start.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return action.getAsBoolean();
    }
}
