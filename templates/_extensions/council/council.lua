-- The council's document conventions, for Quarto and for plain pandoc alike.
--  * fig-alt="..." becomes the image's alt text in every format (Quarto does this itself; pandoc
--    needs it as the alt attribute and image description, and, for typst, in image(alt: ...)).
--  * Word gets the PNG twin of an SVG figure (no SVG converter is needed).
--  * synthetic: true in the metadata puts a notice at the top of the document.

local function is_quarto()
  return quarto ~= nil
end

local function typst_string(text)
  return '"' .. text:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

function Image(img)
  local alt = img.attributes["fig-alt"]
  if alt then
    img.attributes["alt"] = alt
    if not is_quarto() then
      img.attributes["fig-alt"] = nil
      img.caption = pandoc.Inlines(alt)
    end
  end
  if FORMAT == "docx" and img.src:match("%.svg$") then
    img.src = img.src:gsub("%.svg$", ".png")
  end
  return img
end

function Figure(fig)
  if is_quarto() or FORMAT ~= "typst" then
    return nil
  end
  local image = nil
  pandoc.walk_block(fig, { Image = function(img) image = image or img end })
  if image == nil then
    return nil
  end
  local alt = image.attributes["alt"] or pandoc.utils.stringify(image.caption)
  local caption = pandoc.write(pandoc.Pandoc(fig.caption.long), "typst")
  local label = fig.identifier ~= "" and (" <" .. fig.identifier .. ">") or ""
  return pandoc.RawBlock("typst", "#figure(image(" .. typst_string(image.src) .. ", alt: "
    .. typst_string(alt) .. ", width: 100%), caption: [" .. caption .. "])" .. label)
end

function Pandoc(doc)
  if doc.meta.synthetic == true then
    local notice = pandoc.Div(
      { pandoc.Para({ pandoc.Strong("Contains synthetic data."), pandoc.Space(),
        pandoc.Str("Some figures in this document are made up for testing; they are not published statistics.") }) },
      pandoc.Attr("synthetic-notice", { "callout-warning" }, { ["custom-style"] = "Synthetic Notice" }))
    table.insert(doc.blocks, 1, notice)
  end
  return doc
end

-- Rating tables (ids tbl-kpi-ratings-*): a cell ending in a rating letter gets a class, so the
-- HTML shows the partnership's colours as well as the letter.
local RATING = { G = "rag-green", A = "rag-amber", R = "rag-red", B = "rag-blue" }

function Table(tbl)
  if not tbl.identifier:match("^tbl%-kpi%-ratings") then
    return nil
  end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      for _, cell in ipairs(row.cells) do
        local letter = pandoc.utils.stringify(cell.contents):match(" ([GARB])$")
        if letter then
          cell.attr.classes:insert(RATING[letter])
        end
      end
    end
  end
  return tbl
end
