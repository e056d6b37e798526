//! A small HTML-to-article reducer: headline, body text and publication date
//! of a news page.
//!
//! Body text is the paragraphs (`<p>`, and headings inside `<article>`) of the
//! page's `<article>` when it has one, else all paragraphs, else all visible
//! text; scripts, styles, navigation, headers, footers, asides and forms are
//! dropped. It is a forgiving scanner, not an HTML5 parser: it does not build a
//! tree, run scripts or apply CSS, and it never fails.

use crate::normalize_date;

/// What a news page says, reduced to text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// `og:title` (or `twitter:title`), else `<title>`.
    pub title: Option<String>,
    /// Paragraphs separated by blank lines.
    pub text: String,
    /// From `article:published_time`, `date`, `pubdate`, `datePublished` and
    /// similar meta tags, else the first `<time datetime>`; `YYYY-MM-DD` when
    /// it starts with a date.
    pub date: Option<String>,
}

/// Elements whose content is not text at all.
const RAW: [&str; 6] = ["script", "style", "noscript", "template", "svg", "iframe"];
/// Elements whose text is page furniture, not article.
const DROP: [&str; 7] = ["nav", "header", "footer", "aside", "form", "menu", "button"];
/// Elements that start a new block of text.
const BLOCK: [&str; 22] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "blockquote",
    "figure",
    "figcaption",
    "dd",
    "dt",
];
/// Meta names (`name`, `property` or `itemprop`) that give a publication date, best first.
const DATE_META: [&str; 12] = [
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
];

/// One block of text and where it stood.
struct Block {
    text: String,
    paragraph: bool,
    in_article: bool,
}

/// A parsed start or end tag.
struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: Vec<(String, &'a str)>,
}

impl Tag<'_> {
    fn attr(&self, name: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| decode_entities(v))
    }
}

/// Reduces an HTML page to its article.
pub fn article(html: &str) -> Article {
    let lower = html.to_ascii_lowercase();
    let bytes = html.as_bytes();
    let mut blocks: Vec<Block> = Vec::new();
    let mut current = String::new();
    let mut title_text = String::new();
    let mut og_title: Option<String> = None;
    let mut dates: Vec<(usize, String)> = Vec::new();
    let mut time_date: Option<String> = None;
    let (mut in_title, mut paragraph, mut drop_depth, mut article_depth) =
        (false, false, 0usize, 0usize);

    let flush =
        |current: &mut String, blocks: &mut Vec<Block>, paragraph: bool, in_article: bool| {
            let text = current.trim();
            if !text.is_empty() {
                blocks.push(Block {
                    text: text.to_string(),
                    paragraph,
                    in_article,
                });
            }
            current.clear();
        };

    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        // Text before this `<`.
        let text = &html[text_start..i];
        if in_title {
            append_text(&mut title_text, text);
        } else if drop_depth == 0 {
            append_text(&mut current, text);
        }
        if lower[i..].starts_with("<!--") {
            i = lower[i + 4..]
                .find("-->")
                .map_or(bytes.len(), |e| i + 4 + e + 3);
            text_start = i;
            continue;
        }
        if bytes.get(i + 1).is_some_and(|&b| b == b'!' || b == b'?') {
            i = lower[i..].find('>').map_or(bytes.len(), |e| i + e + 1);
            text_start = i;
            continue;
        }
        let Some((tag, end)) = parse_tag(html, i) else {
            // A lone `<` is text.
            text_start = i;
            i += 1;
            // Keep the `<` in the next text run.
            continue;
        };
        i = end;
        text_start = end;
        let name = tag.name.as_str();
        if !tag.closing && RAW.contains(&name) {
            let close = format!("</{name}");
            i = lower[end..].find(&close).map_or(bytes.len(), |e| end + e);
            i = lower[i..].find('>').map_or(bytes.len(), |e| i + e + 1);
            text_start = i;
            continue;
        }
        match (name, tag.closing) {
            ("title", false) => in_title = true,
            ("title", true) => in_title = false,
            ("meta", _) => {
                let key = tag
                    .attr("property")
                    .or_else(|| tag.attr("name"))
                    .or_else(|| tag.attr("itemprop"))
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if let Some(content) = tag.attr("content") {
                    if (key == "og:title" || (key == "twitter:title" && og_title.is_none()))
                        && !content.trim().is_empty()
                    {
                        og_title = Some(collapse(&content));
                    }
                    if let Some(rank) = DATE_META.iter().position(|m| *m == key) {
                        if let Some(d) = normalize_date(&content) {
                            dates.push((rank, d));
                        }
                    }
                }
            }
            ("time", false) if time_date.is_none() => {
                time_date = tag.attr("datetime").and_then(|d| normalize_date(&d));
            }
            ("br", _) => current.push(' '),
            _ => {}
        }
        if DROP.contains(&name) {
            flush(&mut current, &mut blocks, paragraph, article_depth > 0);
            if tag.closing {
                drop_depth = drop_depth.saturating_sub(1);
            } else {
                drop_depth += 1;
            }
            continue;
        }
        if BLOCK.contains(&name) {
            flush(&mut current, &mut blocks, paragraph, article_depth > 0);
            let heading = name.len() == 2 && name.starts_with('h');
            paragraph = !tag.closing && (name == "p" || (heading && article_depth > 0));
            if name == "article" {
                if tag.closing {
                    article_depth = article_depth.saturating_sub(1);
                } else {
                    article_depth += 1;
                }
            }
        }
    }
    if drop_depth == 0 && !in_title {
        append_text(&mut current, &html[text_start.min(html.len())..]);
    }
    flush(&mut current, &mut blocks, paragraph, article_depth > 0);

    let pick = |f: &dyn Fn(&Block) -> bool| -> Vec<&str> {
        blocks
            .iter()
            .filter(|b| f(b))
            .map(|b| b.text.as_str())
            .collect()
    };
    let mut chosen = pick(&|b| b.in_article && b.paragraph);
    if chosen.is_empty() {
        chosen = pick(&|b| b.paragraph);
    }
    if chosen.is_empty() {
        chosen = pick(&|b| b.in_article);
    }
    if chosen.is_empty() {
        chosen = pick(&|_| true);
    }
    dates.sort_by_key(|(rank, _)| *rank);
    let title = og_title.or_else(|| Some(collapse(&title_text)).filter(|t| !t.is_empty()));
    Article {
        title,
        text: chosen.join("\n\n"),
        date: dates.into_iter().next().map(|(_, d)| d).or(time_date),
    }
}

/// Appends decoded text, collapsing white space.
fn append_text(out: &mut String, raw: &str) {
    if raw.is_empty() {
        return;
    }
    let decoded = decode_entities(raw);
    for c in decoded.chars() {
        let c = if c == '\u{a0}' { ' ' } else { c };
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Collapses white space and trims.
fn collapse(s: &str) -> String {
    let mut out = String::new();
    append_text(&mut out, s);
    out.trim().to_string()
}

/// Parses the tag starting at `start` (a `<`); `None` when it is not a tag.
fn parse_tag(html: &str, start: usize) -> Option<(Tag<'_>, usize)> {
    let b = html.as_bytes();
    let mut i = start + 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return Some((
                Tag {
                    name,
                    closing,
                    attrs,
                },
                b.len(),
            ));
        }
        if b[i] == b'>' {
            return Some((
                Tag {
                    name,
                    closing,
                    attrs,
                },
                i + 1,
            ));
        }
        let an_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        if i == an_start {
            i += 1;
            continue;
        }
        let attr_name = html[an_start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let v_start = i + 1;
                    let v_end = html[v_start..]
                        .find(q as char)
                        .map_or(b.len(), |e| v_start + e);
                    value = &html[v_start..v_end];
                    i = (v_end + 1).min(b.len());
                }
                _ => {
                    let v_start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = &html[v_start..i];
                }
            }
        }
        attrs.push((attr_name, value));
    }
}

/// Decodes HTML character references (`&amp;`, `&#269;`, `&#x10D;` and the
/// common named ones); unknown ones are left as they are.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .char_indices()
            .take(32)
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'))
            .map(|(i, c)| (i + 1, c));
        let (name_end, has_semi) = match end {
            Some((i, ';')) => (i, true),
            Some((i, _)) => (i, false),
            None if rest.len() <= 33 => (rest.len(), false),
            None => (1, false),
        };
        let name = &rest[1..name_end];
        match entity(name) {
            Some(c) => {
                out.push(c);
                rest = &rest[name_end + usize::from(has_semi)..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference names.
fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "euro" => '€',
        "pound" => '£',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "oacute" => 'ó',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "ccedil" => 'ç',
        "scaron" => 'š',
        "ccaron" => 'č',
        "zcaron" => 'ž',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn paragraphs_outside_an_article_are_taken_without_furniture() {
        let a = article(
            "<html><head><title> Kosovo  &ndash; news </title>\
             <meta name=\"date\" content=\"20230530\"><style>p{color:red}</style></head>\
             <body><header><p>Menu</p></header><div>Share this</div>\
             <p>Kurti met Vu&#269;i&#x107;.<br>Talks failed.</p><!-- <p>hidden</p> -->\
             <p>a < b &unknown; &amp</p><aside><p>Related</p></aside></body></html>",
        );
        assert_eq!(a.title.as_deref(), Some("Kosovo – news"));
        assert_eq!(a.date.as_deref(), Some("2023-05-30"));
        assert_eq!(
            a.text,
            "Kurti met Vučić. Talks failed.\n\na < b &unknown; &"
        );
    }

    #[test]
    fn pages_without_paragraphs_keep_their_visible_text() {
        let a = article(
            "<div>One</div><div>Two <b>bold</b></div><time datetime=\"2020-01-02\">x</time>",
        );
        assert_eq!(a.text, "One\n\nTwo bold\n\nx");
        assert_eq!(a.date.as_deref(), Some("2020-01-02"));
        assert_eq!(a.title, None);
        assert_eq!(article("just text").text, "just text");
        assert_eq!(article("").text, "");
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("&lt;a&gt; &#65;&#x42; &bogus &#xZZ; &"),
            "<a> AB &bogus &#xZZ; &"
        );
        assert_eq!(decode_entities("&#0;"), "&#0;");
    }

    proptest! {
        #[test]
        fn any_input_is_reduced_without_panic(s in "\\PC{0,300}") {
            let a = article(&s);
            prop_assert!(a.text.len() <= s.len() * 4 + 8);
        }

        #[test]
        fn tag_soup_never_panics(parts in proptest::collection::vec(
            prop_oneof![Just("<p>"), Just("</p>"), Just("<article>"), Just("<nav>"), Just("</nav>"),
                        Just("<script>"), Just("<!--"), Just("-->"), Just("&#x"), Just("<meta content='"),
                        Just("é"), Just("word "), Just("<"), Just(">"), Just("\"")], 0..40)) {
            let s: String = parts.concat();
            let _ = article(&s);
        }
    }
}
