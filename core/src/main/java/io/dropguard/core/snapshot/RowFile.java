package io.dropguard.core.snapshot;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * [#5] DropGuard's row file ({@code .dgrows}): a length-prefixed binary stream, chosen because it holds every
 * value exactly without escaping rules to get wrong (NUL, newlines, any unicode, raw bytes) and because a
 * truncated file is detectable.
 *
 * <pre>
 * header  "DGROWS1\n" int32 columnCount
 * row     byte 'R', then per column: int32 length (-1 = NULL) and that many bytes
 *         (UTF-8 of the engine's exact text form, or the raw bytes of a binary column)
 * trailer byte 'E', int64 rowCount
 * </pre>
 *
 * All integers are big-endian.
 */
final class RowFile {
  static final byte[] MAGIC = "DGROWS1\n".getBytes(StandardCharsets.US_ASCII);

  private RowFile() {}

  static final class Writer {
    private final DataOutputStream out;
    private final int columns;
    private long rows;

    Writer(OutputStream out, int columns) throws IOException {
      this.out = new DataOutputStream(out);
      this.columns = columns;
      this.out.write(MAGIC);
      this.out.writeInt(columns);
    }

    void startRow() throws IOException {
      out.writeByte('R');
      rows++;
    }

    void value(byte[] v) throws IOException {
      if (v == null) {
        out.writeInt(-1);
      } else {
        out.writeInt(v.length);
        out.write(v);
      }
    }

    void text(String v) throws IOException {
      value(v == null ? null : v.getBytes(StandardCharsets.UTF_8));
    }

    long rows() {
      return rows;
    }

    int columns() {
      return columns;
    }

    void finish() throws IOException {
      out.writeByte('E');
      out.writeLong(rows);
      out.flush();
    }
  }

  static final class Reader {
    private final DataInputStream in;
    private final int columns;
    private long rows;
    private boolean done;

    Reader(InputStream in) throws IOException {
      this.in = new DataInputStream(in);
      byte[] magic = this.in.readNBytes(MAGIC.length);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IOException("not a DropGuard row file (bad header)");
      }
      this.columns = this.in.readInt();
    }

    int columns() {
      return columns;
    }

    /** The next row's values (null entries are SQL NULL), or null after the last row. */
    byte[][] next() throws IOException {
      if (done) {
        return null;
      }
      int marker;
      try {
        marker = in.readByte();
      } catch (EOFException e) {
        throw new IOException("row file ends without its trailer after " + rows + " rows: it is truncated");
      }
      if (marker == 'E') {
        long n = in.readLong();
        if (n != rows) {
          throw new IOException("row file trailer says " + n + " rows, but it holds " + rows);
        }
        done = true;
        return null;
      }
      if (marker != 'R') {
        throw new IOException("row file corrupt after " + rows + " rows");
      }
      byte[][] row = new byte[columns][];
      for (int i = 0; i < columns; i++) {
        int len = in.readInt();
        row[i] = len < 0 ? null : in.readNBytes(len);
        if (row[i] != null && row[i].length != len) {
          throw new IOException("row file truncated in row " + (rows + 1));
        }
      }
      rows++;
      return row;
    }
  }
}
