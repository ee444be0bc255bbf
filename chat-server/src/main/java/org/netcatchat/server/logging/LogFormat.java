package org.netcatchat.server.logging;

/** How a log record is written: a line for people, or one JSON object per line for Loki, ELK and jq. */
public enum LogFormat {
    TEXT,
    JSON
}
