package org.netcatchat.server.proxy;

import java.util.Locale;

/** Why a connection was closed for its PROXY header; each is a label of {@code netcat_proxy_header_rejections_total}. */
public enum HeaderRejection {
    /** From a trusted proxy, but no valid header first (malformed, too long, too slow, or none). */
    INVALID,
    /** A header from an address not in {@code --proxy-from}: never believed. */
    UNTRUSTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
