"""Interface strings (everything the templates print that is not content): shipped in French and English; a site
adds another language, or changes a shipped string, with a strings file ``strings/<code>.yml`` (:func:`load_strings`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from .dates import MONTHS
from .diagnostics import Diagnostic, close_matches, did_you_mean
from .i18n import SHIPPED, Languages, language_name
from .text import fr_typo
from .yamlfile import load_yaml

UI: dict[str, dict[str, str]] = {
    "fr": {
        "site": "Casebook", "cases": "Cas", "case_index": "Les cas", "concepts": "Concepts",
        "bibliography": "Bibliographie", "compare": "Comparer", "home": "Accueil",
        "period": "Période", "place": "Lieu", "sector": "Secteur", "level": "Palier", "types": "Type de collaboration",
        "mode": "Choisie ou obligée", "regimes": "Régime d'intégration", "summary": "En bref",
        "timeline": "Chronologie", "timeline_alt": "Frise chronologique des événements datés du cas ; la liste qui suit en donne le détail.",
        "actors": "Organisations et acteurs", "actor": "Acteur", "kind": "Nature", "role": "Rôle",
        "kind_organisation": "Organisation", "kind_unit": "Unité", "kind_group": "Groupe", "kind_role": "Fonction",
        "collaboration": "Collaboration", "governance": "Gouvernance",
        "research": "Démarche de recherche",
        "questions": "Questions de recherche", "data_sources": "Sources de données", "source_kind": "Source",
        "count": "Nombre", "participants": "Participants", "organisations": "Organisations", "note": "Précisions",
        "ds_individual-interviews": "Entretiens individuels", "ds_group-interviews": "Entretiens de groupe",
        "ds_observations": "Observations", "ds_documents": "Documents", "ds_questionnaires": "Questionnaires",
        "ds_workshops": "Ateliers", "ds_other": "Autre",
        "framework": "Cadre théorique", "findings": "Résultats",
        "barriers": "Obstacles et défis", "outcomes": "Retombées",
        "lessons": "Leçons", "public_values": "Valeurs publiques observées", "value": "Valeur",
        "category": "Catégorie", "observation": "Observation", "emerging": "nouvelle",
        "emerging_note": "« nouvelle » : valeur que la source présente comme absente de son cadre de départ.",
        "item": "Élément", "when": "Quand", "detail": "Détail", "description": "Description",
        "concepts_used": "Concepts mobilisés",
        "sources": "Source", "references": "Références", "cite_case": "Citer la source du cas", "cite_page": "Citer cette page",
        "cards_title": "Les {n} cas", "card_no_end": "fin non précisée", "undated_in_source": "période non datée dans la source",
        "license_text": "Contenus et données sous licence", "made_with": "Site réalisé avec",
        "pending": "Traduction en attente",
        "pending_text": "Une partie de cette page n'est pas encore traduite ; le texte original en {language} est affiché.",
        "cases_intro": "Chaque cas est décrit à partir de sa source publiée. Triez ou parcourez la liste, ou comparez les cas.",
        "case": "Cas", "no_value": "—",
        "definition": "Définition", "broader": "Concept plus large", "narrower": "Concepts plus précis",
        "related": "Concepts associés", "aliases": "Autres termes", "in_cases": "Cas",
        "as_facet": "comme caractéristique", "as_mention": "cité dans l'analyse", "no_cases": "Aucun cas ne renvoie encore à ce concept.",
        "schemes": "Vocabulaires", "az": "De A à Z", "by_scheme": "Par vocabulaire", "concept_map": "Carte des concepts", "skos_export": "Télécharger le glossaire (SKOS, JSON-LD)",
        "cited_in": "Cité dans", "copy_bibtex": "Copier le BibTeX", "copy_apa": "Copier la référence APA",
        "download_bib": "Télécharger le fichier BibTeX complet",
        "download_other": "ou, pour Zotero, Mendeley ou EndNote :", "download_csl": "CSL-JSON", "download_ris": "RIS",
        "filter_lang": "Langue de l'œuvre", "filter_type": "Type", "filter_case": "Cas", "all": "Tous",
        "lang_fr": "français", "lang_en": "anglais", "entries": "références",
        "type_article": "Article", "type_book": "Livre", "type_incollection": "Chapitre", "type_phdthesis": "Thèse",
        "type_report": "Rapport", "type_online": "Page Web", "type_legislation": "Loi", "type_misc": "Autre",
    },
    "en": {
        "site": "Casebook", "cases": "Cases", "case_index": "The cases", "concepts": "Concepts",
        "bibliography": "Bibliography", "compare": "Compare", "home": "Home",
        "period": "Period", "place": "Place", "sector": "Sector", "level": "Level", "types": "Type of collaboration",
        "mode": "Chosen or mandated", "regimes": "Integration regime", "summary": "In brief",
        "timeline": "Timeline", "timeline_alt": "Timeline of the case's dated events; the list below gives the details.",
        "actors": "Organisations and actors", "actor": "Actor", "kind": "Kind", "role": "Role",
        "kind_organisation": "Organisation", "kind_unit": "Unit", "kind_group": "Group", "kind_role": "Role",
        "collaboration": "Collaboration", "governance": "Governance",
        "research": "Research design",
        "questions": "Research questions", "data_sources": "Data sources", "source_kind": "Source",
        "count": "Count", "participants": "Participants", "organisations": "Organisations", "note": "Details",
        "ds_individual-interviews": "Individual interviews", "ds_group-interviews": "Group interviews",
        "ds_observations": "Observations", "ds_documents": "Documents", "ds_questionnaires": "Questionnaires",
        "ds_workshops": "Workshops", "ds_other": "Other",
        "framework": "Theoretical framework", "findings": "Findings",
        "barriers": "Barriers and challenges", "outcomes": "Outcomes",
        "lessons": "Lessons", "public_values": "Public values observed", "value": "Value",
        "category": "Category", "observation": "Observation", "emerging": "new",
        "emerging_note": "“new”: a value the source reports as absent from its initial framework.",
        "item": "Item", "when": "When", "detail": "Detail", "description": "Description",
        "concepts_used": "Concepts used",
        "sources": "Source", "references": "References", "cite_case": "Cite the case's source", "cite_page": "Cite this page",
        "cards_title": "The {n} cases", "card_no_end": "end not given", "undated_in_source": "period undated in the source",
        "license_text": "Content and data under the licence", "made_with": "Site made with",
        "pending": "Translation pending",
        "pending_text": "Part of this page is not translated yet; the original {language} text is shown.",
        "cases_intro": "Each case is told from its published source. Browse the list, or compare the cases.",
        "case": "Case", "no_value": "—",
        "definition": "Definition", "broader": "Broader concept", "narrower": "Narrower concepts",
        "related": "Related concepts", "aliases": "Other terms", "in_cases": "Cases",
        "as_facet": "as a characteristic", "as_mention": "named in the analysis", "no_cases": "No case refers to this concept yet.",
        "schemes": "Vocabularies", "az": "A to Z", "by_scheme": "By vocabulary", "concept_map": "Concept map", "skos_export": "Download the glossary (SKOS, JSON-LD)",
        "cited_in": "Cited in", "copy_bibtex": "Copy BibTeX", "copy_apa": "Copy the APA reference",
        "download_bib": "Download the full BibTeX file",
        "download_other": "or, for Zotero, Mendeley or EndNote:", "download_csl": "CSL-JSON", "download_ris": "RIS",
        "filter_lang": "Language of the work", "filter_type": "Type", "filter_case": "Case", "all": "All",
        "lang_fr": "French", "lang_en": "English", "entries": "references",
        "type_article": "Article", "type_book": "Book", "type_incollection": "Chapter", "type_phdthesis": "Thesis",
        "type_report": "Report", "type_online": "Web page", "type_legislation": "Law", "type_misc": "Other",
    },
}


def tr(lang: str, key: str) -> str:
    return UI.get(lang, _NONE).get(key) or UI["fr"].get(key) or key


_NONE: dict[str, str] = {}


# Compare pages, matrices and the casebook-compare block (casebook/compare).
UI["fr"].update({
    "compare_title": "Comparer les cas",
    "compare_intro": "Les cas côte à côte : une ligne par cas, une colonne par dimension, dans les mots de chaque cas. "
                     "Les matrices croisent une variable avec les cas ; les exports donnent toutes les données.",
    "other_views": "Autres vues", "open_data": "Données ouvertes", "meta_matrix": "Méta-matrice des cas",
    "meta_matrix_intro": "Les cas sont classés par période. Chaque cellule reprend ce que dit le cas ; les caractéristiques "
                         "renvoient à leur concept.",
    "rows_shown": "Cas {first} à {last} sur {total}.", "filters": "Filtrer les cas",
    "year_to": "à", "reset": "Tout afficher",
    "choose_columns": "Choisir les colonnes", "side_by_side": "Côte à côte", "side_close": "Fermer la vue côte à côte",
    "pick_help": "Cochez de 2 à 4 cas pour les voir côte à côte. L'adresse de la page garde la vue : partagez-la.",
    "pages": "Pages du tableau", "export_json": "tous les cas, {languages}, au format JSON",
    "language_in": "en {language}",
    "json_schema": "schéma JSON", "export_csv": "une ligne par cas, pour un tableur (UTF-8)",
    "open_data_intro": "Toutes les données des cas, réutilisables.", "open_data_doc": "Structure des fichiers et mode d'emploi",
    "back_to_compare": "Retour à la comparaison des cas", "colon": " : ", "present": "présent", "no_detail": "sans précision",
    "n_cases": "Cas", "uncategorised": "Sans catégorie",
    "matrix_how": "Une cellule marquée signale que le cas en parle (avec le nombre d'éléments s'il y en a plusieurs, ou le "
                  "nombre donné pour une source) ; ouvrez-la pour lire les mots du cas. La dernière colonne compte les cas.",
    "matrix_table": "Tableau", "matrix_empty": "Aucun cas ne donne cette information.",
    "heatmap": "Carte de chaleur", "heatmap_legend": "Éléments",
    "heatmap_desc": "Chaque ligne est une catégorie, chaque colonne un cas ; la teinte et le chiffre donnent le nombre "
                    "d'éléments du cas dans la catégorie. Le tableau qui suit donne les mêmes données.",
    "heatmap_caption": "Plus la case est foncée, plus le cas nomme d'éléments dans la catégorie ; le tableau ci-dessous donne les mêmes données.",
    "heatmap_too_many": "Trop de cas pour une image lisible : le tableau ci-dessous donne les données.",
    "periods_title": "Les périodes des cas",
    "periods_intro": "La période de chaque cas sur un même axe. Les cas que la source ne date pas figurent dans le tableau.",
    "periods_desc": "Une barre par cas, de son début à sa fin ; une barre qui s'estompe n'a pas de fin connue. "
                    "Le tableau qui suit donne les dates.",
    "periods_caption": "Une barre qui s'estompe : la source ne donne pas de fin.", "periods_table": "Tableau des périodes",
    "start": "Début", "end": "Fin", "period_words": "Période selon le cas", "undated": "non datée", "no_end": "non précisée",
    "open_period": "sans fin connue",
    "js_count": "{shown} cas sur {total}", "js_more": "Afficher {n} cas de plus", "js_loading": "Chargement des cas : {n} sur {total}",
    "js_pick": "Comparer {case} côte à côte", "js_pick_limit": "Quatre cas au plus : décochez-en un d'abord.",
    "js_pick_more": "Cochez au moins deux cas.", "js_sort": "Trier par {col}",
    "not_stated": "non précisé dans la source", "summary_table": "Vue d'ensemble des cas", "full_table": "Méta-matrice complète",
    "years": "Années", "from_year": "de", "in_numbers": "En chiffres", "undated_cases": "et les cas non datés", "view": "Afficher",
    "view_summary": "Vue d'ensemble", "view_all": "Tout",
    "full_intro": "Tous les textes des cas, une colonne par dimension. Le tableau défile dans les deux sens ; la ligne "
                  "d'en-tête et la colonne des cas restent visibles.",
    "nojs_note": "Les filtres et la vue côte à côte demandent JavaScript ; les deux tableaux ci-dessous donnent toutes les données.",
    "js_details": "Détails", "js_pick_short": "Comparer", "js_colon": " : ", "js_diff": "Différences seulement",
    "js_shared": "commun aux cas choisis", "js_shared_legend": "En gras sur fond jaune : une valeur que tous les cas choisis partagent.",
    "js_same_hidden": "{n} dimensions où les cas disent la même chose sont masquées.",
    "js_same_none": "Les cas choisis diffèrent sur chaque dimension.",
    "js_more_case_1": "→ 1 autre cas", "js_more_cases": "→ {n} autres cas",
    "js_none": "Aucun cas ne répond à tous ces filtres.", "js_relax": "Retirez un filtre pour en voir :",
    "js_relax_button": "Retirer « {filter} » ({n} cas)", "js_relax_button_1": "Retirer « {filter} » (1 cas)", "js_period": "Période", "js_no_undated": "sans les cas non datés",
    "js_undated_n": "et les cas non datés ({n})",
})
# The link from the compare page to the guided comparisons (docs/comparisons/).
UI["fr"].update({"guided_intro": "Les sources comparent aussi certains cas elles-mêmes :",
                 "guided_link": "les comparaisons guidées"})
UI["en"].update({"guided_intro": "The sources also compare some cases themselves:",
                 "guided_link": "the guided comparisons"})
UI["en"].update({
    "compare_title": "Compare the cases",
    "compare_intro": "The cases side by side: one row a case, one column a dimension, in each case's own words. "
                     "The matrices cross one variable with the cases; the exports give all the data.",
    "other_views": "Other views", "open_data": "Open data", "meta_matrix": "Meta-matrix of the cases",
    "meta_matrix_intro": "Cases are in period order. Each cell gives what the case says; characteristics link to their concept.",
    "rows_shown": "Cases {first} to {last} of {total}.", "filters": "Filter the cases",
    "year_to": "to", "reset": "Show all",
    "choose_columns": "Choose columns", "side_by_side": "Side by side", "side_close": "Close the side-by-side view",
    "pick_help": "Tick 2 to 4 cases to see them side by side. The page address keeps the view: share it.",
    "pages": "Table pages", "export_json": "every case, in {languages}, as JSON",
    "language_in": "{language}",
    "json_schema": "JSON Schema", "export_csv": "one row per case, for a spreadsheet (UTF-8)",
    "open_data_intro": "All the data of the cases, for reuse.", "open_data_doc": "File structure and how to use them",
    "back_to_compare": "Back to comparing the cases", "colon": ": ", "present": "present", "no_detail": "no details",
    "n_cases": "Cases", "uncategorised": "Uncategorised",
    "matrix_how": "A marked cell means the case speaks to it (with the number of items when there are several, or the "
                  "count given for a source); open it to read the case's own words. The last column counts the cases.",
    "matrix_table": "Table", "matrix_empty": "No case gives this information.",
    "heatmap": "Heatmap", "heatmap_legend": "Items",
    "heatmap_desc": "Each row is a category and each column a case; the shade and the number give how many items the "
                    "case names in the category. The table that follows gives the same data.",
    "heatmap_caption": "The darker the square, the more items the case names in the category; the table below gives the same data.",
    "heatmap_too_many": "Too many cases for a readable picture: the table below gives the data.",
    "periods_title": "The periods of the cases",
    "periods_intro": "Every case's period on one time axis. Cases the source does not date are in the table.",
    "periods_desc": "One bar per case, from its start to its end; a bar that fades out has no known end. "
                    "The table that follows gives the dates.",
    "periods_caption": "A bar that fades out: the source gives no end.", "periods_table": "Table of periods",
    "start": "Start", "end": "End", "period_words": "Period as the case words it", "undated": "undated", "no_end": "not given",
    "open_period": "no known end",
    "js_count": "{shown} of {total} cases", "js_more": "Show {n} more cases", "js_loading": "Loading cases: {n} of {total}",
    "js_pick": "Compare {case} side by side", "js_pick_limit": "Four cases at most: untick one first.",
    "js_pick_more": "Tick at least two cases.", "js_sort": "Sort by {col}",
    "not_stated": "not stated in the source", "summary_table": "Overview of the cases", "full_table": "Full meta-matrix",
    "years": "Years", "from_year": "from", "in_numbers": "In numbers", "undated_cases": "and the undated cases", "view": "Show",
    "view_summary": "Overview", "view_all": "Everything",
    "full_intro": "All the cases' texts, one column a dimension. The table scrolls both ways; the header row and the "
                  "case column stay in view.",
    "nojs_note": "The filters and the side-by-side view need JavaScript; the two tables below give all the data.",
    "js_details": "Details", "js_pick_short": "Compare", "js_colon": ": ", "js_diff": "Differences only",
    "js_shared": "shared by the chosen cases", "js_shared_legend": "Bold on yellow: a value every chosen case shares.",
    "js_same_hidden": "{n} dimensions where the cases say the same thing are hidden.",
    "js_same_none": "The chosen cases differ on every dimension.",
    "js_more_case_1": "→ 1 more case", "js_more_cases": "→ {n} more cases",
    "js_none": "No case matches all these filters.", "js_relax": "Remove a filter to see some:",
    "js_relax_button": "Remove “{filter}” ({n} cases)", "js_relax_button_1": "Remove “{filter}” (1 case)", "js_period": "Period", "js_no_undated": "without the undated cases",
    "js_undated_n": "and the undated cases ({n})",
})


# Publishing: the 404 page, and the descriptions (meta, Open Graph) of the generated index pages.
UI["fr"].update({
    "not_found": "Page introuvable",
    "not_found_text": "Aucune page ne se trouve à cette adresse : elle a peut-être changé, ou le lien qui y mène est erroné.",
    "not_found_home": "Aller à l'accueil de Casebook",
    "desc_cases": "Les études de cas de collaboration dans le secteur public québécois, avec leur période, leur secteur "
                  "et leur type de collaboration.",
    "desc_concepts": "Glossaire bilingue des concepts de la collaboration dans le secteur public : définitions, liens "
                     "entre concepts et cas qui les mobilisent.",
    "desc_bibliography": "Les références citées dans les cas et les concepts de Casebook, en style APA 7, avec leur BibTeX.",
})
UI["en"].update({
    "not_found": "Page not found",
    "not_found_text": "There is no page at this address: it may have changed, or the link that led here is wrong.",
    "not_found_home": "Go to the Casebook home page",
    "desc_cases": "The case studies of collaboration in Québec's public sector, with their period, sector and type of "
                  "collaboration.",
    "desc_concepts": "A bilingual glossary of the concepts of public-sector collaboration: definitions, links between "
                     "concepts, and the cases that use them.",
    "desc_bibliography": "The works cited in Casebook's cases and concepts, in APA 7 style, with their BibTeX.",
})


# Pictures, tables and the case index (issue 13: the narrow-screen notes, the scroll cue, the index's controls).
UI["fr"].update({
    "fig_narrow_list": "Sur un écran étroit, la figure laisse la place à la liste qui suit, qui donne les mêmes informations.",
    "fig_narrow_table": "Sur un écran étroit, la figure laisse la place au tableau qui suit, qui donne les mêmes données.",
    "cases_intro": "Chaque cas est décrit à partir de sa source publiée. Parcourez la liste, ou comparez les cas.",
    "index_controls": "Trier et filtrer les cas", "index_text": "Texte", "index_text_help": "titre, lieu, résumé",
    "index_any": "Tous", "index_any_year": "Toutes", "index_year": "Année", "index_sort": "Trier par", "index_reset": "Tout afficher",
    "index_count": "{shown} cas sur {total}", "index_none": "Aucun cas ne répond à ces critères : retirez un filtre.",
    "index_undated": "non daté", "index_years": "Années",
    "heatmap_cases": "Nombre de cas", "heatmap_items": "Éléments par cas",
    "concept_matrix_intro": "Les concepts que plusieurs cas partagent, par vocabulaire : une ligne par concept, une "
                            "colonne par cas. Les concepts d'un seul cas figurent sur sa page.",
    "other_concepts": "Autres concepts", "concept_map": "Concepts × cas",
    "scroll_cue": "Le tableau est plus large que l’écran : faites-le défiler vers la droite.",
})
UI["en"].update({
    "fig_narrow_list": "On a narrow screen the picture gives way to the list that follows, which holds the same information.",
    "fig_narrow_table": "On a narrow screen the picture gives way to the table that follows, which holds the same data.",
    "cases_intro": "Each case is told from its published source. Browse the list, or compare the cases.",
    "index_controls": "Sort and filter the cases", "index_text": "Text", "index_text_help": "title, place, summary",
    "index_any": "All", "index_any_year": "All", "index_year": "Year", "index_sort": "Sort by", "index_reset": "Show all",
    "index_count": "{shown} of {total} cases", "index_none": "No case matches these criteria: remove a filter.",
    "index_undated": "undated", "index_years": "Years",
    "heatmap_cases": "Number of cases", "heatmap_items": "Items per case",
    "concept_matrix_intro": "The concepts several cases share, by vocabulary: a row per concept, a column per case. "
                            "A concept only one case uses is listed on that case's page.",
    "other_concepts": "Other concepts", "concept_map": "Concepts × cases",
    "scroll_cue": "The table is wider than the screen: scroll it to the right.",
})

# Case pages: their parts, the on-page table of contents, folding, the previous and next case, citations both ways.
UI["fr"].update({
    "permalink": "Lien vers cette section", "on_this_page": "Sur cette page",
    "fold": "Replier", "unfold": "Déplier", "pager": "Cas précédent et cas suivant",
    "previous_case": "Cas précédent", "next_case": "Cas suivant", "organisation_one": "organisation",
    "organisation_other": "organisations", "list_sep": " ; ",
    "back_to_citation": "Retour à la citation",
})
UI["en"].update({
    "permalink": "Link to this section", "on_this_page": "On this page",
    "fold": "Collapse", "unfold": "Expand", "pager": "Previous and next case",
    "previous_case": "Previous case", "next_case": "Next case", "organisation_one": "organisation",
    "organisation_other": "organisations", "list_sep": "; ",
    "back_to_citation": "Back to the citation",
})


# French typography in every French string, the site's one rule (casebook.bibliography.apa.fr_typo): a narrow no-break
# space before ; ? !, a no-break space before : and inside « ».
UI["fr"] = {key: fr_typo(text) for key, text in UI["fr"].items()}


# The language switcher's name of each language, in itself, and its Open Graph locale.
UI["fr"].update({"language_name": "Français", "og_locale": "fr_CA", "jsonld_genre": "étude de cas",
                "skos_glossary": "Glossaire de Casebook",
                "and": "et"})
UI["en"].update({"language_name": "English", "og_locale": "en_CA", "jsonld_genre": "case study",
                "skos_glossary": "Casebook glossary",
                "and": "and"})

# The month names (dates in another language than these two take them from its strings file) and how a date is
# written with them (casebook.base.dates.fmt; French writes the first of the month "1er").
for _lang in SHIPPED:
    UI[_lang].update({f"month_{i}": name for i, name in enumerate(MONTHS[_lang], 1)})
    UI[_lang].update({"date_full": "{day} {month} {year}", "date_month_year": "{month} {year}"})

# The shipped strings, as they are before a site's strings files change them.
SHIPPED_UI: dict[str, dict[str, str]] = {lang: dict(UI[lang]) for lang in SHIPPED}

MAX_MISSING_SHOWN = 20
_FIELD = re.compile(r"\{(\w*)\}")


def use_strings(extra: Mapping[str, Mapping[str, str]]) -> None:
    """The site's strings: the shipped ones, with ``extra`` (by language) replacing or adding to them."""
    UI.clear()
    UI.update({lang: dict(texts) for lang, texts in SHIPPED_UI.items()})
    for lang, texts in extra.items():
        UI.setdefault(lang, {}).update(texts)


def load_strings(folder: Path, root: Path, languages: Languages) -> tuple[dict[str, dict[str, str]], list[Diagnostic]]:
    """Read ``<folder>/<code>.yml`` for each of the site's languages: optional for a shipped language (its keys replace
    the shipped strings), required for any other, which must give every string. Returns the strings by language and
    the problems, each located in its file with what to do."""
    out: dict[str, dict[str, str]] = {}
    diags: list[Diagnostic] = []
    english = SHIPPED_UI["en"]
    for lang in languages.codes:
        path = folder / f"{lang}.yml"
        try:
            shown = path.relative_to(root).as_posix()
        except ValueError:
            shown = str(path)
        if not path.is_file():
            if lang not in SHIPPED:
                diags.append(Diagnostic(
                    shown, 0, 0, "languages", f"no interface strings for {language_name(lang)}: Casebook ships them "
                    f"for {' and '.join(SHIPPED)} only",
                    hint=f"write {shown} with every string of the English ones ({len(english)} keys): start from "
                         f"`casebook strings en > {shown}` and translate each text"))
            continue
        doc, found = load_yaml(path, shown)
        diags.extend(found)
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            diags.append(doc.diag((), "a strings file is a mapping of keys to texts (key: text)"))
            continue
        texts: dict[str, str] = {}
        # the name of each of the site's languages in this file's language: lang_fr and lang_en ship, lang_es… may be added
        names = {f"lang_{code}" for code in languages.codes}
        for key, value in doc.data.items():
            if key in names and isinstance(value, str) and value.strip():
                texts[key] = fr_typo(value) if lang == "fr" else value
                continue
            if key not in english:
                diags.append(doc.diag((key,), f"unknown string '{key}'" + did_you_mean(close_matches(str(key), english)),
                                      key=True, hint="remove it, or correct its name (`casebook strings en` lists them)"))
                continue
            if not isinstance(value, str) or not value.strip():
                diags.append(doc.diag((key,), "expected a text, not empty",
                                      hint=f"English: {english[key]!r}"))
                continue
            want, got = set(_FIELD.findall(english[key])), set(_FIELD.findall(value))
            if want != got:
                diags.append(doc.diag((key,), f"the text must hold {', '.join('{' + f + '}' for f in sorted(want)) or 'no {…}'}"
                                      f" as the English one does", hint=f"English: {english[key]!r}"))
                continue
            texts[key] = fr_typo(value) if lang == "fr" else value
        if lang not in SHIPPED:
            missing = [k for k in english if k not in doc.data]
            for key in missing[:MAX_MISSING_SHOWN]:
                diags.append(Diagnostic(shown, 1, 1, key, "missing string",
                                        hint=f'add  {key}: "…"  (English: {english[key]!r})'))
            if len(missing) > MAX_MISSING_SHOWN:
                diags.append(Diagnostic(shown, 1, 1, "", f"and {len(missing) - MAX_MISSING_SHOWN} more missing strings",
                                        hint="`casebook strings en` lists every key with its English text"))
        out[lang] = texts
    return out, diags


def strings_yaml(lang: str) -> str:
    """The shipped strings of ``lang`` as a strings file (``casebook strings en``), to start a new language from."""
    import yaml

    return yaml.safe_dump(SHIPPED_UI[lang], allow_unicode=True, sort_keys=False, width=1000)
