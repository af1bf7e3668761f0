package dev.lambdarec.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts what a decompressing stream yields and stops it at the {@link ArchiveLimits}, with an error naming them. */
final class ExpansionGuard extends FilterInputStream {
    private final long storedBytes;
    private final ArchiveLimits limits;
    private final String what;
    private long expanded;

    ExpansionGuard(InputStream in, long storedBytes, ArchiveLimits limits, String what) {
        super(in);
        this.storedBytes = storedBytes;
        this.limits = limits;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) {
        expanded += n;
        if (expanded > limits.maxExpandedBytes()) {
            throw new InvalidInputException(what + " expands past " + limits.maxExpandedBytes()
                    + " bytes (lambdarec.prepare.max-expanded-bytes); split the input or raise the limit");
        }
        if (expanded > ArchiveLimits.RATIO_FLOOR && storedBytes > 0 && expanded > storedBytes * limits.maxRatio()) {
            throw new InvalidInputException(what + " expands more than " + limits.maxRatio() + " times its stored size of "
                    + storedBytes + " bytes (lambdarec.prepare.max-compression-ratio): refused as an archive bomb");
        }
    }
}
