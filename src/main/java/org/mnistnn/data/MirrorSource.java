package org.mnistnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An HTTP(S) mirror that serves the files under one base URL, as {@code NAME.gz} (what the public
 * mirrors hold) or, failing that, as {@code NAME}.
 *
 * <p>When the mirror cannot be reached at all (unknown host, refused, connect time-out) the other
 * files are not tried, so an unreachable mirror costs one short time-out rather than one per file.
 */
final class MirrorSource implements Source {
  private final URI base;
  private final Duration connectTimeout;
  private final Duration readTimeout;

  MirrorSource(URI base, Duration connectTimeout, Duration readTimeout) {
    this.base = base;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
  }

  @Override
  public String describe() {
    return base.toString();
  }

  @Override
  public Result fetch(List<FileSpec> wanted, Path dir, FetchListener listener) {
    Set<FileSpec> installed = new HashSet<>();
    List<String> problems = new ArrayList<>();
    long[] bytes = {0};
    for (FileSpec spec : wanted) {
      try {
        if (fetchOne(spec, dir, listener, bytes, problems)) {
          installed.add(spec);
        }
      } catch (Unreachable e) {
        problems.add("unreachable (" + e.getMessage() + ")");
        break;
      }
    }
    return new Result(installed, problems, bytes[0]);
  }

  /** Tries {@code NAME.gz}, then {@code NAME}; true when one was installed. */
  private boolean fetchOne(
      FileSpec spec, Path dir, FetchListener listener, long[] bytes, List<String> problems)
      throws Unreachable {
    for (String name : List.of(spec.fileName() + ".gz", spec.fileName())) {
      URI uri = base.resolve(name);
      HttpURLConnection c = null;
      try {
        c = connect(uri);
        int status = c.getResponseCode();
        if (status == HttpURLConnection.HTTP_NOT_FOUND) {
          continue;
        }
        if (status != HttpURLConnection.HTTP_OK) {
          problems.add(name + ": HTTP " + status);
          return false;
        }
        listener.started(name + " from " + base.getHost(), c.getContentLengthLong());
        try (InputStream body = new CountingInputStream(c.getInputStream(), listener, bytes)) {
          FileInstaller.install(body, spec, dir);
          return true;
        } finally {
          listener.finished();
        }
      } catch (Unreachable e) {
        throw e;
      } catch (RejectedFileException e) {
        problems.add(name + " rejected: " + e.getMessage());
        return false;
      } catch (IOException e) {
        problems.add(name + ": " + describe(e));
        return false;
      } finally {
        if (c != null) {
          c.disconnect();
        }
      }
    }
    problems.add(spec.fileName() + "(.gz): HTTP 404");
    return false;
  }

  private HttpURLConnection connect(URI uri) throws IOException, Unreachable {
    URL url = uri.toURL();
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    c.setConnectTimeout((int) connectTimeout.toMillis());
    c.setReadTimeout((int) readTimeout.toMillis());
    c.setRequestProperty("User-Agent", "mnist-nn");
    try {
      c.connect();
    } catch (UnknownHostException e) {
      throw new Unreachable("unknown host " + url.getHost());
    } catch (SocketTimeoutException e) {
      throw new Unreachable("no answer within " + connectTimeout.toSeconds() + " s");
    } catch (IOException e) {
      throw new Unreachable(describe(e));
    }
    return c;
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** The mirror cannot be reached: no point in asking it for the other files. */
  private static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String message) {
      super(message, null, false, false);
    }
  }
}
