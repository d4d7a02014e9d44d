-- The council's document conventions, for Quarto and for plain pandoc (3.9) alike.
--  * synthetic: true puts a "Contains synthetic data" warning callout at the top of the document
--    (in typst the template's title block shows it, with a running header on every page).
--  * document-type: cover-report marks the HTML body so the stylesheet can make it compact.
--  * Word and PowerPoint get the PNG twin of an SVG figure when there is one (no SVG converter
--    is needed).
--  * A table cell styled in the table model (a span of class rag-red, rag-amber, rag-green or
--    rag-blue around its text) takes that class, for each format to draw.
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

local sanitise = {
  RawInline = as_text,
  RawBlock = function(raw) return pandoc.Para({ as_text(raw) }) end,
  Link = function(link)
    if safe_target(link.target) then return without_handlers(link) end
    return link.content
  end,
  Image = function(img)
    if allowed_image(img.src) then return without_handlers(img) end
    return pandoc.Str(pandoc.utils.stringify(img.caption))
  end,
  Span = without_handlers,
  Div = without_handlers,
}

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
local function typst_image(img, width)
  local arguments = typst_string(img.src)
  local alt = image_alt(img)
  if alt ~= "" then
    arguments = arguments .. ", alt: " .. typst_string(alt)
  end
  if width then
    arguments = arguments .. ", width: " .. width
  end
  return "image(" .. arguments .. ")"
end

local function Figure(fig)
  if FORMAT ~= "typst" then
    return nil
  end
  return pandoc.walk_block(fig, {
    Image = function(img)
      return pandoc.RawInline("typst", "#" .. typst_image(img, "100%"))
    end,
  })
end

local function Image(img)
  if FORMAT == "typst" then
    return pandoc.RawInline("typst", "#box(" .. typst_image(img) .. ")")
  end
  local alt = img.attributes["fig-alt"]
  if alt then
    img.attributes["fig-alt"] = nil
    img.caption = pandoc.Inlines(alt)
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

-- Word and PowerPoint: the PNG twin of an SVG figure; PowerPoint's picture description comes from
-- the image's title (followed by its path), not its alt text, so fig-alt goes there too.
local function office_image(img)
  local changed = false
  if FORMAT == "pptx" and img.attributes["fig-alt"] then
    img.title = img.attributes["fig-alt"]
    changed = true
  end
  if (FORMAT == "docx" or FORMAT == "pptx") and img.src:match("%.svg$") then
    local png = img.src:gsub("%.svg$", ".png")
    if file_exists(png) then
      img.src = png
      changed = true
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
  doc.blocks:insert(1, pandoc.Div(
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
-- around the cell's text; the cell takes the class, so each format can draw it.
local CELL_STYLES = { ["rag-red"] = true, ["rag-amber"] = true, ["rag-green"] = true,
  ["rag-blue"] = true }

local function cell_style(cell)
  local style = nil
  pandoc.walk_block(pandoc.Div(cell.contents), {
    Span = function(span)
      for _, class in ipairs(span.classes) do
        if CELL_STYLES[class] then style = class end
      end
    end,
  })
  return style
end

-- Column widths are left to the writer (auto): pipe tables with long rows otherwise get equal
-- widths from their separator line, which squeezes the label columns.
local function auto_widths(tbl)
  for i, colspec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { colspec[1], pandoc.ColWidthDefault }
  end
end

local function Table(tbl)
  auto_widths(tbl)
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      for _, cell in ipairs(row.cells) do
        local style = cell_style(cell)
        if style then
          cell.attr.classes:insert(style)
        end
      end
    end
  end
  return tbl
end

-- Filters run in this order: document-level additions first, so the notice becomes a callout.
local filters = {
  sanitise,
  {
    Pandoc = function(doc)
      synthetic_notice(doc)
      cover_report_marker(doc)
      return doc
    end,
  },
  { Image = office_image, Table = Table },
}
-- plain pandoc runs with --sandbox: the figures sanitise allowed are read here, once each.
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

if not in_quarto then
  table.insert(filters, { Image = into_media_bag })
  table.insert(filters, { Figure = Figure })
  table.insert(filters, { Image = Image, Div = Div })
end
return filters
