// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.function.Function;

/** Command-line handling shared by the benchmark programs' {@code main} methods. */
final class BenchArgs {

    private BenchArgs() {
    }

    /**
     * The options {@code parse} makes of {@code args}; if it refuses them (an
     * {@link IllegalArgumentException} whose message is the usage or the problem), prints the
     * message to stderr and exits with status 2.
     */
    static <T> T parseOrExit(String[] args, Function<String[], T> parse) {
        try {
            return parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            throw e; // not reached
        }
    }
}
