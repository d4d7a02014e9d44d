-- The council's document conventions, for Quarto and for plain pandoc (3.9) alike.
--  * synthetic: true puts a "Contains synthetic data" warning callout at the top of the document
--    (in typst the template's title block shows it, with a running header on every page).
--  * document-type: cover-report marks the HTML body so the stylesheet can make it compact.
--  * Word and PowerPoint get the PNG twin of an SVG figure when there is one (no SVG converter
--    is needed); HTML gets its narrow twin too, for a phone (council.css shows one of the two).
--  * A table cell styled in the table model (a span of class rag-red, rag-amber, rag-green or
--    rag-blue around its text) is drawn by each format: the cell takes the class (HTML, where
--    council.css fills it), a fill from the typst template (PDF), or a "RAG ..." character style
--    whose shading render/office.py moves to the cell (Word). The cell's text always names the
--    state too.
--  * Word and PDF tables get column widths from their content: no column narrower than its
--    longest word, the rest shared as browsers share it (CSS auto table layout), so labels wrap
--    at spaces onto as few lines as the page allows. HTML tables keep automatic widths and sit
--    in a labelled, keyboard-focusable scroll region, so a page reflows at 320 CSS px.
--  * PDF: a table's notes are its last row, never separated from it, and a short table is kept
--    on one page (council-table()).
--  * PowerPoint: a figure's alt text goes only into the picture's description, never on the
--    slide; the slide shows the chart drawn for slides (figures/<id>-slide.png) when there is one.
-- Under plain pandoc only (Quarto does these itself):
--  * figures are read into pandoc's media bag here, as pandoc runs with --sandbox and reads no
--    file itself;
--  * fig-alt="..." becomes the image's alt text: pandoc 3.9 reads alt text from the image's
--    description, which it writes as the HTML alt attribute and Word's picture description but
--    leaves out of typst, so for typst the image is written here as image(..., alt: ...);
--    PowerPoint's picture description comes from the image's title, so pptx gets it there.
--  * callout divs (.callout-note, -warning, -important, -tip, -caution) get a visible title and
--    a box: a styled div in HTML, the "Callout" paragraph style in Word, council-callout() in typst.

local in_quarto = quarto ~= nil

-- Text from data reaches the document escaped, as text; this is the second line of defence, and
-- runs first: nothing that reaches a writer is raw markup, a link goes only to a web or mail
-- address or within the document, and an image is only a figure in the document's own figures/
-- folder (pandoc also runs with --sandbox on the plain path, reading only files named to it).
local function safe_target(target)
  return target:match("^https?://") or target:match("^mailto:") or target:match("^#")
end

local function allowed_image(src)
  return src:match("^figures/[%w_%-]+%.svg$") or src:match("^figures/[%w_%-]+%.png$")
end

local function as_text(raw)
  return pandoc.Str(raw.text)
end

local function without_handlers(element)
  for key, _ in pairs(element.attributes) do
    local name = key:lower()
    if name:match("^on") or name == "style" or name == "src" or name == "href" then
      element.attributes[key] = nil
    end
  end
  return element
end

local function safe_link(link)
  if safe_target(link.target) then return without_handlers(link) end
  return link.content
end

local CALLOUT_TITLES = {
  note = "Note", warning = "Warning", important = "Important", tip = "Tip", caution = "Caution",
}

local function typst_string(text)
  return '"' .. text:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

local function file_exists(path)
  local handle = io.open(path, "rb")
  if handle then handle:close() end
  return handle ~= nil
end

local function image_alt(img)
  return img.attributes["fig-alt"] or pandoc.utils.stringify(img.caption)
end

-- typst: image(path, alt: ...) written out, since pandoc 3.9's typst writer drops alt text.
-- (council-figure-image() in typst-template.typ: a figure at its own size, at most the page's
-- width.)
local function typst_image(img, call)
  local arguments = typst_string(img.src)
  local alt = image_alt(img)
  if alt ~= "" then
    arguments = arguments .. ", alt: " .. typst_string(alt)
  end
  return call .. "(" .. arguments .. ")"
end

local function Figure(fig)
  if FORMAT ~= "typst" then
    return nil
  end
  return pandoc.walk_block(fig, {
    Image = function(img)
      return pandoc.RawInline("typst", "#" .. typst_image(img, "council-figure-image"))
    end,
  })
end

local function Image(img)
  if FORMAT == "typst" then
    return pandoc.RawInline("typst", "#box(" .. typst_image(img, "image") .. ")")
  end
  local alt = img.attributes["fig-alt"]
  if alt then
    img.attributes["fig-alt"] = nil
    -- PowerPoint shows an image's own description as a caption: it keeps the figure's title
    -- there and has the alt text in the picture's description (office_image).
    if FORMAT ~= "pptx" then img.caption = pandoc.Inlines(alt) end
  end
  return img
end

local function callout_kind(div)
  for _, class in ipairs(div.classes) do
    local kind = class:match("^callout%-(%a+)$")
    if kind and CALLOUT_TITLES[kind] then
      return kind
    end
  end
  return nil
end

local function Div(div)
  local kind = callout_kind(div)
  if kind == nil then
    return nil
  end
  local title = div.attributes["title"] or CALLOUT_TITLES[kind]
  div.attributes["title"] = nil
  if FORMAT == "typst" then
    local heading = pandoc.write(pandoc.Pandoc({ pandoc.Plain(pandoc.Inlines(title)) }), "typst")
    local blocks = pandoc.Blocks({
      pandoc.RawBlock("typst", "#council-callout(kind: " .. typst_string(kind)
        .. ", title: [" .. heading:gsub("%s+$", "") .. "])["),
    })
    blocks:extend(div.content)
    blocks:insert(pandoc.RawBlock("typst", "]"))
    return blocks
  end
  if FORMAT:match("html") or FORMAT == "docx" then
    div.content:insert(1, pandoc.Para({ pandoc.Strong(pandoc.Inlines(title)) }))
    div.classes:insert("callout")
    if FORMAT == "docx" then
      div.attributes["custom-style"] = "Callout"
    else
      div.attributes["role"] = "note"
    end
    return div
  end
  return nil
end

-- Word and PowerPoint: the PNG twin of an SVG figure (for slides, the twin drawn with larger
-- text, figures/<id>-slide.png). PowerPoint's picture description comes from the image's title
-- (pandoc adds the path, which render/office.py removes), not its alt text, so fig-alt goes there.
local function office_image(img)
  local changed = false
  if FORMAT == "pptx" and img.attributes["fig-alt"] then
    img.title = img.attributes["fig-alt"]
    changed = true
  end
  if (FORMAT == "docx" or FORMAT == "pptx") and img.src:match("%.svg$") then
    local twins = { (img.src:gsub("%.svg$", ".png")) }
    if FORMAT == "pptx" then table.insert(twins, 1, (img.src:gsub("%.svg$", "-slide.png"))) end
    for _, png in ipairs(twins) do
      if file_exists(png) then
        img.src = png
        changed = true
        break
      end
    end
  end
  if changed then
    return img
  end
  return nil
end

local function synthetic_notice(doc)
  if doc.meta.synthetic ~= true or FORMAT == "typst" then
    return
  end
  if FORMAT == "pptx" then -- a slide of its own, with a title like every slide
    doc.blocks:insert(1, pandoc.Header(2, "Synthetic data"))
  end
  doc.blocks:insert(FORMAT == "pptx" and 2 or 1, pandoc.Div(
    { pandoc.Para({
      pandoc.Strong("Contains synthetic data."), pandoc.Space(),
      pandoc.Str("Some figures in this document are made up for testing; they are not"),
      pandoc.Space(), pandoc.Str("published statistics."),
    }) },
    pandoc.Attr("", { "callout-warning", "synthetic-notice" }, { title = "Synthetic data" })))
end

local function cover_report_marker(doc)
  local kind = doc.meta["document-type"]
  if kind and pandoc.utils.stringify(kind) == "cover-report" and FORMAT:match("html") then
    doc.blocks = pandoc.Blocks({ pandoc.Div(doc.blocks, pandoc.Attr("", { "cover-report" })) })
  end
end

-- Cell styles come from the table model (present/tables.py) as a span with the style's class
-- around the cell's text.
local CELL_STYLES = { ["rag-red"] = "RAG Red", ["rag-amber"] = "RAG Amber",
  ["rag-green"] = "RAG Green", ["rag-blue"] = "RAG Blue" }

-- The cell style of a span in the block (the last one, if several), or nil.
local function style_within(block)
  local style = nil
  pandoc.walk_block(block, {
    Span = function(span)
      for _, class in ipairs(span.classes) do
        if CELL_STYLES[class] then style = class end
      end
    end,
  })
  return style
end

local function cell_style(cell)
  return style_within(pandoc.Div(cell.contents))
end

local function draw_cell_style(cell, style)
  if FORMAT == "typst" then
    -- council-rag-fill() and council-rag-text() are defined in typst-template.typ
    local state = typst_string(style:gsub("^rag%-", ""))
    cell.attributes["typst:fill"] = "council-rag-fill(" .. state .. ")"
    cell.attributes["typst:text:fill"] = "council-rag-text(" .. state .. ")"
  elseif FORMAT == "docx" then
    cell.contents = pandoc.walk_block(pandoc.Div(cell.contents), {
      Span = function(span)
        if span.classes:includes(style) then
          span.attributes["custom-style"] = CELL_STYLES[style]
          return span
        end
      end,
    }).content
  else
    cell.attr.classes:insert(style)
  end
end

-- Advance widths of Liberation Sans (the bundled font; metric-compatible with Arial), regular
-- and bold, in thousandths of an em, for the characters 32 to 126; other characters count as
-- a digit. Measured from fonts/ with typst.
local REGULAR = { 278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667,
  722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
  667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556,
  222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
  260, 334, 584 }
local BOLD = { 278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722,
  722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667,
  944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278,
  278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280,
  389, 584 }

-- Each format's table layout: the text width (A4 less 2 cm margins), the table's font size and
-- a cell's left plus right padding, in points (typst-template.typ; reference.docx's "Table"),
-- with 2 points to spare for a word processor's rounding.
local TABLE_LAYOUT = {
  typst = { width = 481.9, size = 8.5, padding = 12 },
  docx = { width = 481.9, size = 8.5, padding = 12.8 },
}

local function text_width(text, widths)
  local total = 0
  for _, code in utf8.codes(text) do
    total = total + (widths[code - 31] or 556)
  end
  return total / 1000
end

-- A cell's widths in ems: its longest word (the least it can take without breaking a word)
-- and its whole text on one line.
local function cell_extent(cell, widths)
  local longest, whole = 0, 0
  for _, block in ipairs(cell.contents) do
    local text = pandoc.utils.stringify(block)
    for word in text:gmatch("%S+") do
      longest = math.max(longest, text_width(word, widths))
    end
    whole = math.max(whole, text_width(text, widths))
  end
  return longest, whole
end

-- Column widths as fractions of the text width, much as browsers share a table's width (CSS
-- auto layout): every column gets at least its longest word; the rest goes first to the body's
-- lines (labels), in proportion to how much more each column's longest line needs, and only
-- then, if there is room, to header lines, which wrap at spaces readily.
local function content_widths(tbl, layout)
  local columns = #tbl.colspecs
  local least, body, whole = {}, {}, {}
  for i = 1, columns do least[i], body[i], whole[i] = 0, 0, 0 end
  local function measure(rows, widths, is_header)
    for _, row in ipairs(rows) do
      for i, cell in ipairs(row.cells) do
        if i <= columns and cell.col_span == 1 then
          local longest, line = cell_extent(cell, widths)
          least[i] = math.max(least[i], longest)
          whole[i] = math.max(whole[i], line)
          if not is_header then body[i] = math.max(body[i], line) end
        end
      end
    end
  end
  measure(tbl.head.rows, BOLD, true)
  for _, part in ipairs(tbl.bodies) do measure(part.body, REGULAR, false) end
  local available = layout.width / layout.size
  local padding = layout.padding / layout.size
  local function total(list)
    local sum = 0
    for i = 1, columns do sum = sum + list[i] end
    return sum
  end
  for i = 1, columns do
    least[i] = least[i] + padding
    body[i] = math.max(body[i] + padding, least[i])
    whole[i] = math.max(whole[i] + padding, body[i])
  end
  -- grow `from` towards `to`, sharing what is left of the page by how much each column wants
  local function share(from, to)
    local spare, wanted = available - total(from), total(to) - total(from)
    local part = wanted > 0 and math.min(1, spare / wanted) or 0
    local result = {}
    for i = 1, columns do result[i] = from[i] + (to[i] - from[i]) * part end
    return result
  end
  local widths
  if total(least) > available then -- wider than the page even word by word
    widths = least
    available = total(least)
  elseif total(body) > available then
    widths = share(least, body)
  else
    widths = share(body, whole)
  end
  local fractions = {}
  for i = 1, columns do fractions[i] = widths[i] / available end
  return fractions
end

local function Table(tbl)
  local layout = TABLE_LAYOUT[FORMAT]
  local widths = layout and content_widths(tbl, layout)
  for i, colspec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { colspec[1], widths and widths[i] or pandoc.ColWidthDefault }
  end
  if style_within(tbl) == nil then return tbl end -- one walk of the table, not one per cell
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      for _, cell in ipairs(row.cells) do
        local style = cell_style(cell)
        if style then draw_cell_style(cell, style) end
      end
    end
  end
  return tbl
end

local function is_table_notes(block)
  return block and block.t == "Div" and block.classes:includes("table-notes")
end

-- Word: a table's notes in the "Table Notes" paragraph style (small, grey, after the table).
local function table_notes_style(div)
  if FORMAT == "docx" and div.classes:includes("table-notes") then
    div.attributes["custom-style"] = "Table Notes"
    return div
  end
end

-- PDF: a table of at least this many body rows may run across pages, keeping its last
-- KEPT_ROWS with its notes (in the table's footer, which typst keeps whole) and its header
-- with at least KEPT_ROWS (council-table() in typst-template.typ).
local KEPT_ROWS = 2

-- PDF: the table's last rows and its notes as its footer, so a page never opens with the
-- notes alone (council-table-notes() draws the notes, under a rule); when a chart follows, the
-- footer keeps room for it (council-table() sizes the room).
local function typst_footer(tbl, notes, chart)
  local body = tbl.bodies[#tbl.bodies].body
  local rows = pandoc.List()
  if #body >= 2 * KEPT_ROWS then
    for _ = 1, KEPT_ROWS do rows:insert(1, body:remove(#body)) end
  end
  if notes or chart then
    local content = pandoc.Blocks({ pandoc.RawBlock("typst", "#council-table-notes[") })
    content:extend(notes and notes.content or {})
    content:insert(pandoc.RawBlock("typst", "]"))
    if chart then
      content:insert(pandoc.RawBlock("typst", '#metadata("council-chart-room")'))
    end
    local cell = pandoc.Cell(content, pandoc.AlignLeft, 1, #tbl.colspecs)
    cell.attributes["typst:stroke"] = "council-table-notes-rule"
    rows:insert(pandoc.Row({ cell }))
  end
  tbl.foot = pandoc.TableFoot(rows)
end

local function body_rows(tbl)
  local count = 0
  for _, body in ipairs(tbl.bodies) do count = count + #body.body end
  return count
end

-- PDF: a table, its notes and the chart that follows it (if one does) in council-table(),
-- which keeps them together or runs the table on across pages.
local function typst_table(tbl, notes, chart)
  local rows = body_rows(tbl)
  typst_footer(tbl, notes, chart)
  local blocks = pandoc.Blocks({
    pandoc.RawBlock("typst", "#council-table(rows: " .. rows .. ")["), tbl,
  })
  if chart then
    blocks:insert(pandoc.RawBlock("typst", "]["))
    blocks:insert(chart)
  end
  blocks:insert(pandoc.RawBlock("typst", "]"))
  return blocks
end

-- HTML: each table in a scroll region named by its caption, reachable by keyboard, so a narrow
-- screen scrolls the table rather than the page (WCAG 1.4.10).
local function html_table(tbl, notes)
  local group = pandoc.Blocks({ tbl, notes })
  local caption = pandoc.utils.stringify(tbl.caption.long)
  return pandoc.Div(group, pandoc.Attr("", { "table-scroll" }, {
    { "role", "region" }, -- pairs, in order: the same bytes on every run
    { "tabindex", "0" },
    { "aria-label", caption ~= "" and caption or "Table" },
  }))
end

local function wrap_tables(blocks)
  local result = pandoc.Blocks({})
  local i = 1
  while i <= #blocks do
    local block = blocks[i]
    if block.t == "Table" and (FORMAT:match("html") or FORMAT == "typst") then
      local notes = nil
      if is_table_notes(blocks[i + 1]) then
        notes = blocks[i + 1]
        i = i + 1
      end
      if FORMAT == "typst" then
        local chart = nil
        if blocks[i + 1] and blocks[i + 1].t == "Figure" then
          chart = blocks[i + 1]
          i = i + 1
        end
        result:extend(typst_table(block, notes, chart))
      else
        result:insert(html_table(block, notes))
      end
    else
      result:insert(block)
    end
    i = i + 1
  end
  return result
end

-- plain pandoc runs with --sandbox: the figures the filter allows are read here, once each.
local function into_media_bag(img)
  if pandoc.mediabag.lookup(img.src) then return nil end
  local handle = io.open(img.src, "rb")
  if handle == nil then return nil end
  local contents = handle:read("a")
  handle:close()
  local mime = img.src:match("%.svg$") and "image/svg+xml" or "image/png"
  pandoc.mediabag.insert(img.src, mime, contents)
  return nil
end

-- HTML: a chart and its twin drawn for a phone's width (figures/<id>-narrow.svg), each shown
-- only at the widths it is for (council.css), so a chart's text is never shrunk on a phone.
local function with_narrow_twin(img)
  if not FORMAT:match("html") or not img.src:match("%.svg$") then return { img } end
  local narrow = img.src:gsub("%.svg$", "-narrow.svg")
  if not file_exists(narrow) then return { img } end
  local wide, small = img:clone(), img:clone()
  wide.classes:insert("chart-wide")
  small.src = narrow
  small.classes:insert("chart-narrow")
  return { wide, small }
end

local function allowed_figure(img)
  if not allowed_image(img.src) then return pandoc.Str(pandoc.utils.stringify(img.caption)) end
  img = office_image(without_handlers(img)) or img
  local images = with_narrow_twin(img)
  if not in_quarto then
    for _, image in ipairs(images) do into_media_bag(image) end
  end
  return images
end

-- Two walks of the document, each costing a pass over every element. pandoc applies a filter's
-- functions type by type (inline elements, blocks, lists of blocks, the document), so in the
-- first walk the sanitising comes before the layout, and the notice added to the document
-- last becomes a callout in the second walk, with the other callouts and (plain pandoc)
-- the alt text.
local filters = {
  {
    RawInline = as_text,
    RawBlock = function(raw) return pandoc.Para({ as_text(raw) }) end,
    Link = safe_link,
    Image = allowed_figure,
    Span = without_handlers,
    Div = function(div) return table_notes_style(without_handlers(div)) or div end,
    Table = Table,
    Figure = not in_quarto and Figure or nil,
    Blocks = wrap_tables,
    Pandoc = function(doc)
      synthetic_notice(doc)
      cover_report_marker(doc)
      return doc
    end,
  },
}
if not in_quarto then
  table.insert(filters, { Image = Image, Div = Div })
end
return filters
