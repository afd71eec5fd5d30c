package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The HTML pages of {@code derive docs} publish: every page {@code derive docs} writes is opened in
 * headless Chromium (from {@code file://}, network features off) and must typeset every formula
 * with KaTeX, none refused. Where no browser is installed the rendering test is skipped with a
 * message saying so; the offline checks (relative links to files that exist) always run.
 */
class KatexPagesTest {
    @TempDir
    static Path dir;

    static Path docs;
    static List<Path> pages;

    @BeforeAll
    static void writeDocs() throws IOException {
        docs = dir.resolve("docs");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Errors.configure(new CommandLine(new DeriveDocsCommand()));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--out", docs.toString())).as(err.toString()).isZero();
        try (Stream<Path> s = Files.list(docs)) {
            pages = s.filter(p -> p.getFileName().toString().endsWith(".html")).sorted().toList();
        }
    }

    @Test
    void everyMarkdownPageHasAnHtmlPageAndKatexIsCopied() throws IOException {
        List<String> md;
        try (Stream<Path> s = Files.list(docs)) {
            md = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")).sorted().toList();
        }
        assertThat(md).contains("affine.md", "sigmoid.md", "mse.md", "norm-wx.md", "README.md");
        for (String m : md) {
            assertThat(docs.resolve(KatexPages.htmlName(m))).exists();
        }
        assertThat(pages).hasSize(md.size());
        Path k = docs.resolve("katex");
        assertThat(k.resolve("katex.min.js")).isNotEmptyFile();
        assertThat(k.resolve("katex.min.css")).isNotEmptyFile();
        assertThat(k.resolve("contrib/auto-render.min.js")).isNotEmptyFile();
        assertThat(k.resolve("fonts/KaTeX_Main-Regular.woff2")).isNotEmptyFile();
        assertThat(k.resolve("fonts/KaTeX_Math-Italic.woff2")).isNotEmptyFile();
    }

    private static final Pattern REF = Pattern.compile("(?:src|href)=\"([^\"]*)\"");
    private static final Pattern CSS_URL = Pattern.compile("url\\(([^)]*)\\)");

    /** Pages, the style sheet and its fonts are found without a network: every reference is relative and exists. */
    @Test
    void everyReferenceIsARelativeFileThatExists() throws IOException {
        for (Path p : pages) {
            String html = Files.readString(p);
            assertThat(html).as(p.toString()).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
            Matcher m = REF.matcher(html);
            int refs = 0;
            while (m.find()) {
                refs++;
                assertThat(p.resolveSibling(m.group(1))).as(p + " refers to " + m.group(1)).exists();
            }
            assertThat(refs).as(p.toString()).isGreaterThanOrEqualTo(2);
        }
        Path css = docs.resolve("katex/katex.min.css");
        Matcher m = CSS_URL.matcher(Files.readString(css));
        int fonts = 0;
        while (m.find()) {
            String u = m.group(1).replaceAll("[\"']", "");
            assertThat(u).doesNotContain("://");
            assertThat(css.resolveSibling(u)).as("katex.min.css refers to " + u).exists();
            fonts++;
        }
        assertThat(fonts).isGreaterThan(20);
    }

    @Test
    void markdownToHtml() {
        String h = KatexPages.html("# Title $x$\n\nText `a*b|c` and $\\frac{a}{b} < c$ with \\* and [p](p.md).\n\n"
                + "$$\\sum_{i} x_{i}$$\n\n| a | b |\n|---|---|\n| `x \\| y` | $u_{i}$ |\n\n```\nL = x[i] < 2\n```\n");
        assertThat(h).contains("<title>Title x</title>")
                .contains("<h1>Title <span class=\"math inline\">x</span></h1>")
                .contains("<code>a*b|c</code>")
                .contains("<span class=\"math inline\">\\frac{a}{b} &lt; c</span>")
                .contains("with * and <a href=\"p.html\">p</a>.")
                .contains("<div class=\"math display\">\\sum_{i} x_{i}</div>")
                .contains("<tr><th>a</th><th>b</th></tr>")
                .contains("<tr><td><code>x | y</code></td><td><span class=\"math inline\">u_{i}</span></td></tr>")
                .contains("<pre><code>L = x[i] &lt; 2\n</code></pre>");
        assertThat(KatexPages.htmlName("README.md")).isEqualTo("index.html");
    }

    // ---------------------------------------------------------------- headless browser

    /** A Chromium or Chrome binary: -Dricci.chromium or RICCI_CHROMIUM, else the usual names on the PATH; null if none. */
    static Path browser() {
        String explicit = System.getProperty("ricci.chromium", System.getenv("RICCI_CHROMIUM"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        List<Path> dirs = new ArrayList<>(List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin"), Path.of("/snap/bin")));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")) {
            for (Path d : dirs) {
                Path c = d.resolve(name);
                if (Files.isRegularFile(c) && Files.isExecutable(c)) {
                    return c;
                }
            }
        }
        return null;
    }

    /**
     * The DOM of {@code page} after its scripts ran, as headless Chromium dumps it (a fresh profile;
     * network features off; killed after 180 s).
     */
    static String dumpDom(Path chromium, Path page) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        Path stderr = dir.resolve(page.getFileName() + ".chromium.log");
        List<String> cmd = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=10000",
                "--dump-dom", page.toUri().toString());
        Process proc = new ProcessBuilder(cmd).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] dom;
        try (var in = proc.getInputStream()) {
            dom = readWithDeadline(proc, in, 180);
        }
        if (!proc.waitFor(30, TimeUnit.SECONDS)) {
            proc.descendants().forEach(ProcessHandle::destroyForcibly);
            proc.destroyForcibly();
        }
        String log = Files.exists(stderr) ? Files.readString(stderr) : "";
        assertThat(proc.exitValue()).as("chromium exit code for " + page + "; stderr:\n" + tail(log)).isZero();
        return new String(dom, StandardCharsets.UTF_8);
    }

    /** Reads the process's output while it runs (a full pipe would block it), killing it after {@code seconds}. */
    private static byte[] readWithDeadline(Process proc, java.io.InputStream in, int seconds) throws InterruptedException, IOException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            try {
                in.transferTo(buf);
            } catch (IOException e) {
                // the process was killed: what was read stays
            }
        });
        t.join(TimeUnit.SECONDS.toMillis(seconds));
        if (t.isAlive()) {
            proc.descendants().forEach(ProcessHandle::destroyForcibly);
            proc.destroyForcibly();
            t.join(10_000);
            throw new IOException("chromium did not finish within " + seconds + " s");
        }
        return buf.toByteArray();
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }

    private static final Pattern BODY = Pattern.compile("<body[^>]*>");
    private static final Pattern KATEX_ROOT = Pattern.compile("class=\"katex\"");
    private static final Pattern ERROR_CLASS = Pattern.compile("class=\"[^\"]*\\bkatex-error\\b[^\"]*\"");
    private static final Pattern ERROR_ATTR = Pattern.compile("\\sdata-katex-error=\"([^\"]*)\"");

    static String attribute(String tag, String name) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(tag);
        return m.find() ? m.group(1) : null;
    }

    static int count(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @TestFactory
    Stream<DynamicTest> katexRendersEveryFormulaOfEveryPage() {
        Path chromium = browser();
        Assumptions.assumeTrue(chromium != null, "no headless browser found (chromium, chromium-browser, google-chrome on"
                + " /usr/bin, /usr/local/bin, /snap/bin or PATH; or set -Dricci.chromium=/path/to/chromium): the KaTeX"
                + " rendering of the derive docs pages is NOT checked");
        assertThat(pages).isNotEmpty();
        Stream<DynamicTest> control = Stream.of(dynamicTest("control: a page with two bad formulas reports them", () -> {
            // the same page machinery on formulas KaTeX refuses: the check below must see them
            Path page = docs.resolve("katex-control.html");
            Files.writeString(page, KatexPages.html("# Control\n\n$\\sech(x)^{2}$ and $$\\frac{a}{$$ and $\\operatorname{sech}(x)$\n"));
            try {
                String dom = dumpDom(chromium, page);
                Matcher b = BODY.matcher(dom);
                assertThat(b.find()).isTrue();
                assertThat(attribute(b.group(), "data-katex-errors")).isEqualTo("2");
                assertThat(attribute(b.group(), "data-katex-formulas")).isEqualTo("3");
                assertThat(count(ERROR_CLASS, dom)).isEqualTo(2);
                assertThat(dom).contains("Undefined control sequence: \\sech");
            } finally {
                Files.deleteIfExists(page);
            }
        }));
        return Stream.concat(control, pages.stream().map(page -> dynamicTest(page.getFileName().toString(), () -> {
            String dom = dumpDom(chromium, page);
            Matcher b = BODY.matcher(dom);
            assertThat(b.find()).as("no <body> in the DOM chromium dumped for " + page + ":\n" + tail(dom)).isTrue();
            String body = b.group();
            String errors = attribute(body, "data-katex-errors");
            int formulas = Integer.parseInt(attribute(body, "data-katex-formulas"));
            int rendered = count(KATEX_ROOT, dom);
            List<String> messages = new ArrayList<>();
            Matcher e = ERROR_ATTR.matcher(dom);
            while (e.find()) {
                messages.add(e.group(1));
            }
            System.out.printf("KaTeX %s: %d formulas, %d typeset, errors %s%n", page.getFileName(), formulas, rendered, errors);
            assertThat(errors).as(page + ": KaTeX errors " + messages).isEqualTo("0");
            assertThat(messages).as(page.toString()).isEmpty();
            assertThat(count(ERROR_CLASS, dom)).as(page + ": elements of class katex-error").isZero();
            if (!page.getFileName().toString().equals("index.html")) {
                assertThat(formulas).as(page + ": formulas").isPositive();
            }
            assertThat(rendered).as(page + ": formulas typeset by KaTeX (class=\"katex\")").isEqualTo(formulas);
        })));
    }
}
