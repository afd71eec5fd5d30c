package io.ricci.cli;

import io.ricci.tensor.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The derivation pages as HTML typeset by KaTeX, readable without a network: KaTeX (its script,
 * style sheet, auto-render extension and every font the style sheet names) is copied from the
 * {@code org.webjars.npm:katex} jar into a {@code katex/} folder next to the pages, which refer to it
 * by relative paths only.
 *
 * <p>{@link #html} turns the Markdown the page generators write (headings, paragraphs, fenced code,
 * pipe tables, lists, links, {@code `code`}, {@code **bold**}, {@code $inline$} and {@code $$display$$}
 * math, backslash escapes) into a page whose formulas are {@code <span class="math">} elements
 * holding their TeX source. A script at the end of the page renders each with {@code katex.render}
 * in strict mode; a formula KaTeX refuses is rendered as KaTeX's red {@code katex-error} text (its
 * message in {@code data-katex-error}) and counted, and the page records the counts on its body:
 * {@code data-katex-errors} (still {@code "not rendered"} when the script did not run, e.g.
 * katex.min.js missing) and {@code data-katex-formulas}.
 */
public final class KatexPages {
    private KatexPages() {
    }

    private static final String POM = "META-INF/maven/org.webjars.npm/katex/pom.properties";
    private static final String ROOT = "META-INF/resources/webjars/katex/";
    /** The folder next to the pages that holds the copy of KaTeX. */
    public static final String ASSETS = "katex";

    /** The KaTeX version on the class path (from the webjar's pom.properties). */
    public static String version() {
        try (InputStream in = KatexPages.class.getClassLoader().getResourceAsStream(POM)) {
            if (in == null) {
                throw new IllegalStateException("KaTeX is not on the class path (the org.webjars.npm:katex jar, "
                        + POM + " not found)");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM, e);
        }
    }

    private static byte[] resource(String distPath) throws IOException {
        String name = ROOT + version() + "/dist/" + distPath;
        try (InputStream in = KatexPages.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("KaTeX file " + name + " is missing from the class path");
            }
            return in.readAllBytes();
        }
    }

    private static final Pattern FONT_URL = Pattern.compile("url\\((?:['\"])?(fonts/[A-Za-z0-9_.-]+)(?:['\"])?\\)");

    /**
     * Copies katex.min.js, katex.min.css, contrib/auto-render.min.js, every font katex.min.css
     * refers to and KaTeX's LICENSE into {@code dir/katex/}, each file atomically; returns the files written.
     */
    public static List<Path> copyAssets(Path dir) throws IOException {
        Path root = dir.resolve(ASSETS);
        byte[] css = resource("katex.min.css");
        Set<String> files = new LinkedHashSet<>(List.of("katex.min.js", "contrib/auto-render.min.js"));
        Matcher m = FONT_URL.matcher(new String(css, StandardCharsets.UTF_8));
        while (m.find()) {
            files.add(m.group(1));
        }
        List<Path> out = new ArrayList<>();
        Path cssFile = root.resolve("katex.min.css");
        Files.createDirectories(root);
        AtomicFiles.write(cssFile, o -> o.write(css));
        out.add(cssFile);
        for (String f : files) {
            byte[] bytes = resource(f);
            Path target = root.resolve(f);
            Files.createDirectories(target.getParent());
            AtomicFiles.write(target, o -> o.write(bytes));
            out.add(target);
        }
        // KaTeX is MIT-licensed: its notice travels with the copy
        try (InputStream in = KatexPages.class.getClassLoader().getResourceAsStream(ROOT + version() + "/LICENSE")) {
            if (in != null) {
                byte[] bytes = in.readAllBytes();
                Path target = root.resolve("LICENSE");
                AtomicFiles.write(target, o -> o.write(bytes));
                out.add(target);
            }
        }
        return out;
    }

    /** A page file name for a Markdown one: {@code affine.md} → {@code affine.html}, {@code README.md} → {@code index.html}. */
    public static String htmlName(String markdownName) {
        String stem = markdownName.endsWith(".md") ? markdownName.substring(0, markdownName.length() - 3) : markdownName;
        return (stem.equals("README") ? "index" : stem) + ".html";
    }

    // ---------------------------------------------------------------- Markdown to HTML

    private static final Pattern HEADING = Pattern.compile("(#{1,6}) +(.*)");
    private static final Pattern TABLE_RULE = Pattern.compile("\\|?\\s*:?-+:?\\s*(\\|\\s*:?-+:?\\s*)*\\|?\\s*");

    /** The Markdown page {@code md} as an HTML page typeset by KaTeX from {@code katex/}. */
    public static String html(String md) {
        String[] lines = md.replace("\r\n", "\n").split("\n", -1);
        StringBuilder body = new StringBuilder();
        String title = null;
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            if (line.isBlank()) {
                i++;
                continue;
            }
            if (line.startsWith("```")) {
                StringBuilder code = new StringBuilder();
                i++;
                while (i < lines.length && !lines[i].startsWith("```")) {
                    code.append(lines[i]).append('\n');
                    i++;
                }
                i++;
                body.append("<pre><code>").append(escape(code.toString())).append("</code></pre>\n");
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                int level = h.group(1).length();
                if (title == null) {
                    title = plain(h.group(2));
                }
                body.append("<h").append(level).append('>').append(inline(h.group(2))).append("</h").append(level).append(">\n");
                i++;
                continue;
            }
            if (line.startsWith("|")) {
                List<String> rows = new ArrayList<>();
                while (i < lines.length && lines[i].startsWith("|")) {
                    rows.add(lines[i]);
                    i++;
                }
                table(rows, body);
                continue;
            }
            if (line.startsWith("- ")) {
                body.append("<ul>\n");
                while (i < lines.length && lines[i].startsWith("- ")) {
                    body.append("<li>").append(inline(lines[i].substring(2))).append("</li>\n");
                    i++;
                }
                body.append("</ul>\n");
                continue;
            }
            StringBuilder para = new StringBuilder(line);
            i++;
            while (i < lines.length && !lines[i].isBlank() && !lines[i].startsWith("```") && !lines[i].startsWith("|")
                    && !lines[i].startsWith("- ") && !HEADING.matcher(lines[i]).matches()) {
                para.append('\n').append(lines[i]);
                i++;
            }
            String p = para.toString().strip();
            if (p.startsWith("$$") && p.endsWith("$$") && p.length() > 4 && p.indexOf("$$", 2) == p.length() - 2) {
                body.append("<div class=\"math display\">").append(escape(p.substring(2, p.length() - 2).strip())).append("</div>\n");
            } else {
                body.append("<p>").append(inline(p)).append("</p>\n");
            }
        }
        return page(title == null ? "Ricci" : title, body.toString());
    }

    private static void table(List<String> rows, StringBuilder out) {
        out.append("<table>\n");
        boolean head = rows.size() > 1 && TABLE_RULE.matcher(rows.get(1)).matches();
        for (int r = 0; r < rows.size(); r++) {
            if (head && r == 1) {
                continue;
            }
            String tag = head && r == 0 ? "th" : "td";
            out.append("<tr>");
            for (String cell : cells(rows.get(r))) {
                out.append('<').append(tag).append('>').append(inline(cell.strip())).append("</").append(tag).append('>');
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    /** A table row's cells: split at each | not escaped as \| (as GFM does, also inside code), \| read as |. */
    static List<String> cells(String row) {
        String s = row.strip();
        if (s.startsWith("|")) {
            s = s.substring(1);
        }
        if (s.endsWith("|") && !s.endsWith("\\|")) {
            s = s.substring(0, s.length() - 1);
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\\' && k + 1 < s.length() && s.charAt(k + 1) == '|') {
                cur.append('|');
                k++;
            } else if (c == '|') {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        cells.add(cur.toString());
        return cells;
    }

    private static boolean punctuation(char c) {
        return c < 128 && !Character.isLetterOrDigit(c) && !Character.isWhitespace(c);
    }

    /** Inline Markdown: escapes, code spans, math, bold, links; everything else HTML-escaped. */
    static String inline(String s) {
        StringBuilder sb = new StringBuilder();
        boolean bold = false;
        int k = 0;
        while (k < s.length()) {
            char c = s.charAt(k);
            if (c == '\\' && k + 1 < s.length() && punctuation(s.charAt(k + 1))) {
                sb.append(escape(String.valueOf(s.charAt(k + 1))));
                k += 2;
            } else if (c == '`') {
                int run = 0;
                while (k + run < s.length() && s.charAt(k + run) == '`') {
                    run++;
                }
                String fence = "`".repeat(run);
                int end = s.indexOf(fence, k + run);
                if (end < 0) {
                    sb.append(escape(fence));
                    k += run;
                } else {
                    String code = s.substring(k + run, end);
                    if (code.length() > 1 && code.startsWith(" ") && code.endsWith(" ")) {
                        code = code.substring(1, code.length() - 1);
                    }
                    sb.append("<code>").append(escape(code)).append("</code>");
                    k = end + run;
                }
            } else if (c == '$') {
                boolean display = s.startsWith("$$", k);
                String fence = display ? "$$" : "$";
                int end = closing(s, k + fence.length(), fence);
                if (end < 0) {
                    sb.append(escape(fence));
                    k += fence.length();
                } else {
                    sb.append("<span class=\"math ").append(display ? "display" : "inline").append("\">")
                            .append(escape(s.substring(k + fence.length(), end).strip())).append("</span>");
                    k = end + fence.length();
                }
            } else if (s.startsWith("**", k)) {
                sb.append(bold ? "</strong>" : "<strong>");
                bold = !bold;
                k += 2;
            } else if (c == '[' && link(s, k) != null) {
                String[] l = link(s, k);
                String href = l[1];
                if (!href.contains(":") && href.endsWith(".md")) {
                    href = htmlName(href);
                }
                sb.append("<a href=\"").append(escape(href)).append("\">").append(inline(l[0])).append("</a>");
                k += l[2].length();
            } else {
                sb.append(escape(String.valueOf(c)));
                k++;
            }
        }
        if (bold) {
            sb.append("</strong>");
        }
        return sb.toString();
    }

    /** The index of the closing math fence after {@code from} (a fence preceded by a backslash does not close), or -1. */
    private static int closing(String s, int from, String fence) {
        for (int k = from; k < s.length(); k++) {
            if (s.charAt(k) == '\\') {
                k++;
            } else if (s.startsWith(fence, k)) {
                return k;
            }
        }
        return -1;
    }

    /** {@code [text](url)} at {@code k}: text, url and the whole match, or null. */
    private static String[] link(String s, int k) {
        int close = s.indexOf("](", k);
        if (close < 0) {
            return null;
        }
        int end = s.indexOf(')', close + 2);
        if (end < 0 || s.substring(k + 1, close).contains("[")) {
            return null;
        }
        return new String[] {s.substring(k + 1, close), s.substring(close + 2, end), s.substring(k, end + 1)};
    }

    /** Text for the title element: the heading without Markdown or TeX markup. */
    private static String plain(String heading) {
        return escape(heading.replaceAll("[`*$\\\\]", "").strip());
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <link rel="stylesheet" href="katex/katex.min.css">
                <script src="katex/katex.min.js"></script>
                <style>
                body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
                table { border-collapse: collapse; }
                th, td { border: 1px solid #ccc; padding: 0.2rem 0.6rem; text-align: left; }
                code, pre { background: #f5f5f5; }
                pre { padding: 0.5rem; overflow-x: auto; }
                .math.display { display: block; overflow-x: auto; }
                .katex-error { color: #c00; }
                </style>
                </head>
                <body data-katex-errors="not rendered" data-katex-formulas="0">
                %s<script>
                (function () {
                  var nodes = document.querySelectorAll('.math');
                  var errors = 0;
                  if (typeof katex === 'undefined') {
                    document.body.setAttribute('data-katex-errors', 'katex.min.js did not load');
                    return;
                  }
                  for (var k = 0; k < nodes.length; k++) {
                    var el = nodes[k], tex = el.textContent, display = el.classList.contains('display');
                    try {
                      katex.render(tex, el, {displayMode: display, throwOnError: true, strict: 'error'});
                    } catch (e) {
                      errors++;
                      el.setAttribute('data-katex-error', String(e && e.message));
                      katex.render(tex, el, {displayMode: display, throwOnError: false, strict: 'ignore'});
                      if (!el.querySelector('.katex-error')) {
                        el.classList.add('katex-error');
                      }
                    }
                  }
                  document.body.setAttribute('data-katex-formulas', String(nodes.length));
                  document.body.setAttribute('data-katex-errors', String(errors));
                })();
                </script>
                </body>
                </html>
                """.formatted(title, body);
    }
}
