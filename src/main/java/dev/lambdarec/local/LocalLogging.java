package dev.lambdarec.local;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One-line log records on stderr for the local runner (the Lambdas log through Quarkus instead). */
final class LocalLogging {
    private LocalLogging() {
    }

    static void install() {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                String name = record.getLoggerName();
                String shortName = name == null ? "" : name.substring(name.lastIndexOf('.') + 1);
                return String.format("%1$tT.%1$tL %2$-5s [%3$s] %4$s%n%5$s", record.getMillis(),
                        record.getLevel().getName(), shortName, formatMessage(record),
                        record.getThrown() == null ? "" : record.getThrown() + "\n");
            }
        });
        console.setLevel(Level.INFO);
        root.addHandler(console);
        root.setLevel(Level.INFO);
        Logger.getLogger("org.eclipse.jetty").setLevel(Level.WARNING);
        Logger.getLogger("org.gaul").setLevel(Level.WARNING);
    }
}
