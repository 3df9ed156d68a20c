//! The book's table of contents: the EPUB 3 navigation document's
//! `nav epub:type="toc"`, or the EPUB 2 NCX's `navMap`, flattened in
//! reading order with each entry's nesting level kept.

use super::archive::{self, Outside};
use super::markup::{Token, Tokenizer};

/// One entry of the book's table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NavEntry {
    /// Nesting level, 1 for the top.
    pub level: u8,
    /// The title, markup and ruby readings removed.
    pub title: String,
    /// The entry path and fragment it points at, or why it points nowhere
    /// readable (an entry without a link has `Outside::Empty`).
    pub target: Result<(String, Option<String>), Outside>,
}

/// Nesting deeper than this is flattened to it (a level is a `u8`, and no
/// book means 200 levels).
const MAX_LEVEL: usize = 16;

/// The entries of the `toc` nav of an EPUB 3 navigation document at `path`.
/// A document without one gives its first `nav` (some books forget the
/// `epub:type`), or nothing.
pub(super) fn from_nav(text: &str, path: &str) -> Vec<NavEntry> {
    let toc = read_nav(text, path, true);
    let mut toc = if toc.is_empty() { read_nav(text, path, false) } else { toc };
    point_headings_at_their_first_child(&mut toc);
    toc
}

/// An entry without a link (`<li><span>第一部</span><ol>…`) heads the
/// entries nested in it: it points where the first of them does.
fn point_headings_at_their_first_child(entries: &mut [NavEntry]) {
    for i in (0..entries.len()).rev() {
        if entries[i].target != Err(Outside::Empty) {
            continue;
        }
        let level = entries[i].level;
        let child = entries[i + 1..].iter().take_while(|e| e.level > level).find(|e| e.target.is_ok());
        if let Some(child) = child {
            entries[i].target = child.target.clone();
        }
    }
}

fn read_nav(text: &str, path: &str, toc_only: bool) -> Vec<NavEntry> {
    let base = archive::dir_of(path);
    let mut tokens = Tokenizer::new(text);
    let mut entries = Vec::new();
    // Inside the chosen nav: its depth of nested `nav` elements, and of lists.
    let mut nav_depth = 0u32;
    let mut lists = 0usize;
    while let Some(token) = tokens.next_token() {
        match token {
            Token::Start(tag) if tag.is("nav") && !tag.empty => {
                if nav_depth > 0 {
                    nav_depth += 1;
                } else if !toc_only || tag.has_token("type", "toc") {
                    nav_depth = 1;
                }
            }
            Token::End(name) if nav_depth > 0 && name.eq_ignore_ascii_case("nav") => {
                nav_depth -= 1;
                if nav_depth == 0 {
                    break;
                }
            }
            Token::Start(tag) if nav_depth > 0 && (tag.is("ol") || tag.is("ul")) && !tag.empty => lists += 1,
            Token::End(name)
                if nav_depth > 0 && (name.eq_ignore_ascii_case("ol") || name.eq_ignore_ascii_case("ul")) =>
            {
                lists = lists.saturating_sub(1);
            }
            Token::Start(tag) if nav_depth > 0 && lists > 0 && (tag.is("a") || tag.is("span")) && !tag.empty => {
                let href = tag.attr("href");
                let name = tag.name().to_owned();
                let title = tokens.inner_text(&name);
                let target = match href {
                    Some(href) => archive::resolve(base, &href).or_else(|e| {
                        // `#id` alone points into the navigation document itself.
                        if e == Outside::Empty && href.trim().starts_with('#') {
                            archive::resolve("", path).map(|(p, _)| (p, Some(href.trim()[1..].to_owned())))
                        } else {
                            Err(e)
                        }
                    }),
                    None => Err(Outside::Empty),
                };
                if !title.is_empty() {
                    entries.push(NavEntry { level: lists.clamp(1, MAX_LEVEL) as u8, title, target });
                }
            }
            _ => {}
        }
    }
    entries
}

/// The entries of an EPUB 2 NCX at `path`.
pub(super) fn from_ncx(text: &str, path: &str) -> Vec<NavEntry> {
    let base = archive::dir_of(path);
    let mut tokens = Tokenizer::new(text);
    let mut entries: Vec<NavEntry> = Vec::new();
    // The entry index of each open navPoint.
    let mut open: Vec<usize> = Vec::new();
    let mut in_map = false;
    let mut in_label = false;
    while let Some(token) = tokens.next_token() {
        match token {
            Token::Start(tag) if tag.is("navMap") => in_map = !tag.empty,
            Token::End(name) if name.eq_ignore_ascii_case("navMap") => break,
            Token::Start(tag) if in_map && tag.is("navPoint") && !tag.empty => {
                open.push(entries.len());
                let level = open.len().clamp(1, MAX_LEVEL) as u8;
                entries.push(NavEntry { level, title: String::new(), target: Err(Outside::Empty) });
            }
            Token::End(name) if in_map && name.eq_ignore_ascii_case("navPoint") => {
                open.pop();
            }
            Token::Start(tag) if in_map && tag.is("navLabel") => in_label = !tag.empty,
            Token::End(name) if name.eq_ignore_ascii_case("navLabel") => in_label = false,
            Token::Start(tag) if in_label && tag.is("text") && !tag.empty => {
                let title = tokens.inner_text("text");
                if let Some(entry) = open.last().and_then(|&i| entries.get_mut(i))
                    && entry.title.is_empty()
                {
                    entry.title = title;
                }
            }
            Token::Start(tag) if in_map && tag.is("content") => {
                if let (Some(src), Some(entry)) = (tag.attr("src"), open.last().and_then(|&i| entries.get_mut(i))) {
                    entry.target = archive::resolve(base, &src);
                }
            }
            _ => {}
        }
    }
    entries.retain(|e| !e.title.is_empty());
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_nav_lists_are_flattened_with_their_levels() {
        let nav = r#"<html><body><nav epub:type="landmarks"><ol><li><a href="cover.xhtml">Cover</a></li></ol></nav>
            <nav epub:type="toc"><h1>目次</h1><ol>
              <li><a href="part1.xhtml">第一部</a><ol>
                 <li><a href="ch1.xhtml#s1"><ruby>章<rt>しょう</rt></ruby> 1</a></li>
                 <li><span>No link</span><ol><li><a href="ch2.xhtml">Deep</a></li></ol></li>
              </ol></li>
              <li><a href="../back.xhtml">後付</a></li></ol></nav></body></html>"#;
        let entries = from_nav(nav, "OPS/nav.xhtml");
        let got: Vec<(u8, &str)> = entries.iter().map(|e| (e.level, e.title.as_str())).collect();
        assert_eq!(got, [(1, "第一部"), (2, "章 1"), (2, "No link"), (3, "Deep"), (1, "後付")]);
        assert_eq!(entries[1].target, Ok(("OPS/ch1.xhtml".into(), Some("s1".into()))));
        assert_eq!(entries[2].target, Ok(("OPS/ch2.xhtml".into(), None)), "a heading points at its first child");
        assert_eq!(entries[4].target, Ok(("back.xhtml".into(), None)));
    }

    #[test]
    fn ncx_nav_points_nest() {
        let ncx = r#"<ncx><docTitle><text>Book</text></docTitle><navMap>
            <navPoint id="a"><navLabel><text>One</text></navLabel><content src="t/1.html"/>
              <navPoint id="b"><navLabel><text>One.A</text></navLabel><content src="t/1.html#a"/></navPoint>
            </navPoint>
            <navPoint id="c"><navLabel><text>Two</text></navLabel><content src="t/2.html"/></navPoint>
            </navMap></ncx>"#;
        let entries = from_ncx(ncx, "toc.ncx");
        let got: Vec<(u8, &str)> = entries.iter().map(|e| (e.level, e.title.as_str())).collect();
        assert_eq!(got, [(1, "One"), (2, "One.A"), (1, "Two")]);
        assert_eq!(entries[1].target, Ok(("t/1.html".into(), Some("a".into()))));
    }
}
