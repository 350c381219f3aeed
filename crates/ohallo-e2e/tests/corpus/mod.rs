//! The XSS corpus: filter-evasion vectors in the OWASP cheat sheet's style, polyglots, SVG and
//! MathML, script-bearing URLs, and naughty strings. A vector that executes sets
//! `window.__xss`; each is also sent after prefixes that try to break out of an attribute,
//! a text area or a comment, so one vector becomes several payloads.

const MARK: &str = "window.__xss=1";

fn vectors() -> Vec<String> {
    let m = MARK;
    vec![
        format!("<script>{m}</script>"),
        format!("<SCRIPT>{m}</SCRIPT>"),
        format!("<script src=data:text/javascript,{m}></script>"),
        format!("<img src=x onerror={m}>"),
        format!("<IMG SRC=x ONERROR=\"{m}\">"),
        format!("<img src=\"javascript:{m}\">"),
        format!("<img \"\"\"><script>{m}</script>\">"),
        format!("<img src=`x` onerror=`{m}`>"),
        format!("<svg onload={m}>"),
        format!("<svg><script>{m}</script></svg>"),
        format!("<svg><animate onbegin={m} attributeName=x dur=1s>"),
        format!("<svg><a xlink:href=\"javascript:{m}\"><text x=20 y=20>click</text></a></svg>"),
        format!("<math><mtext><table><mglyph><style><img src=x onerror={m}>"),
        format!("<math href=\"javascript:{m}\">click</math>"),
        format!("<body onload={m}>"),
        format!("<iframe src=\"javascript:{m}\"></iframe>"),
        format!("<iframe srcdoc=\"<script>parent.{m}</script>\"></iframe>"),
        format!("<object data=\"javascript:{m}\"></object>"),
        format!("<embed src=\"data:text/html,<script>{m}</script>\">"),
        format!("<a href=\"javascript:{m}\">click me</a>"),
        format!("<a href=\"JaVaScRiPt:{m}\">mixed case</a>"),
        format!("<a href=\"jav&#x09;ascript:{m}\">tab</a>"),
        format!("<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;{m}\">entities</a>"),
        format!("javascript:{m}"),
        format!("data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg=="),
        format!("<div style=\"background:url(javascript:{m})\">x</div>"),
        format!("<style>@import 'javascript:{m}';</style>"),
        format!("<input autofocus onfocus={m}>"),
        format!("<select autofocus onfocus={m}></select>"),
        format!("<textarea autofocus onfocus={m}></textarea>"),
        format!("<details open ontoggle={m}>"),
        format!("<video><source onerror={m}></video>"),
        format!("<audio src=x onerror={m}>"),
        format!("<marquee onstart={m}>"),
        format!("<form><button formaction=javascript:{m}>go</button></form>"),
        format!("<meta http-equiv=\"refresh\" content=\"0;url=javascript:{m}\">"),
        format!("<base href=\"javascript:{m}//\">"),
        format!("<link rel=import href=\"data:text/html,<script>{m}</script>\">"),
        format!("<template><script>{m}</script></template>"),
        format!("<noscript><p title=\"</noscript><img src=x onerror={m}>\">"),
        format!("<scr<script>ipt>{m}</scr</script>ipt>"),
        format!("<<script>{m};//<</script>"),
        format!("<script/xss src=\"data:,{m}\"></script>"),
        format!("<img src=x:alert(1) onerror=eval(atob('d2luZG93Ll9feHNzPTE='))>"),
        format!("'';!--\"<XSS>=&{{()}}"),
        format!("jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk={m} )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd={m}//>\\x3e"),
        format!("\"><svg/onload={m}>"),
        format!("{{{{constructor.constructor('{m}')()}}}}"),
        format!("${{{m}}}"),
        format!("<x onmouseover={m} style=\"position:fixed;inset:0\">cover</x>"),
        format!("<div style=\"position:fixed;top:0;left:0;width:9999px;height:9999px;background:red\">overlay</div>"),
        format!("<img src=x onerror=&#x77;&#x69;&#x6e;&#x64;&#x6f;&#x77;.__xss=1>"),
        format!("%3Cscript%3E{m}%3C%2Fscript%3E"),
        format!("&lt;script&gt;{m}&lt;/script&gt;"),
    ]
}

const PREFIXES: &[&str] = &["", "\"'>", "</textarea></title>-->"];

fn naughty_strings() -> Vec<String> {
    vec![
        "\u{202E}gnp.exe\u{202C} — right-to-left override".to_string(),
        "zero\u{200B}width\u{200C}joiner\u{200D}and\u{FEFF}bom".to_string(),
        "\u{2066}isolate\u{2069} \u{061C}arabic mark".to_string(),
        "שלום עולם مرحبا بالعالم mixed direction text".to_string(),
        "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇ combining marks".to_string(),
        "👩‍👩‍👧‍👦🏳️‍🌈 emoji sequences 🇪🇺".to_string(),
        "line one\r\nline two\rline three\u{2028}line four\u{2029}".to_string(),
        "tab\tseparated\u{0000}nul\u{0007}bell".to_string(),
        format!("{} one very long unbroken line", "A".repeat(5000)),
        format!("https://example.com/{}", "a".repeat(3000)),
        "null undefined NaN true false 0 -1 1e308".to_string(),
        "' OR 1=1 --; DROP TABLE conversations;".to_string(),
        "{{7*7}} ${7*7} <%= 7*7 %> #{7*7}".to_string(),
        "\\u003cscript\\u003e escaped in JSON".to_string(),
    ]
}

pub fn payloads() -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for prefix in PREFIXES {
        for vector in vectors() {
            all.push(format!("{prefix}{vector}"));
        }
    }
    all.extend(naughty_strings());
    all
}
