"""Spanish words for the library's typed choices (type, grade, sort, a focus action).

Each is an alias of one English choice, which is what is stored: `type:tarea` is a task.
The import reads the same words in a district's spreadsheet.
"""

from __future__ import annotations

TYPE_ALIASES = (
    ("tarea", "task"),
    ("rúbrica", "rubric"),
    ("rubrica", "rubric"),
    ("lección", "lesson"),
    ("leccion", "lesson"),
    ("evaluación", "assessment"),
    ("evaluacion", "assessment"),
    ("artículo", "article"),
    ("articulo", "article"),
    ("vídeo", "video"),
    ("estudio-de-caso", "case-study"),
    ("otro", "other"),
)
GRADE_ALIASES = (("todos", "all"), ("todas", "all"))
SORT_ALIASES = (
    ("relevancia", "relevance"),
    ("nuevos", "new"),
    ("recientes", "new"),
    ("mejores", "top"),
)
FOCUS_ACTION_ALIASES = (
    ("agregar", "add"),
    ("añadir", "add"),
    ("anadir", "add"),
    ("quitar", "remove"),
    ("eliminar", "remove"),
)

__all__ = ["FOCUS_ACTION_ALIASES", "GRADE_ALIASES", "SORT_ALIASES", "TYPE_ALIASES"]
