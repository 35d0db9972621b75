"""The starter prompt bank every community begins with, in our own words.

Each prompt names a lesson-study phase (study, plan, teach, reflect, revise, reteach) and one
or more equity themes. The themes are the five equity-based practices the community's focus
vocabulary starts from (deep-math, multiple-competencies, identity, marginality,
funds-of-knowledge) plus the lenses facilitators asked for by name: whose voices were heard
(`voice`), multiple entry points (`entry-points`), access to rigorous tasks (`rigor`),
belonging (`belonging`) and the use of student data (`student-data`). A facilitator schedules
a theme or a phase as a pool: `pool:voice`, `pool:reflect`.

There is a bank per language, each written for its readers rather than translated line by
line: the Spanish bank (`SPANISH_BANK`) speaks to the dual-language, newcomer and bilingual
classrooms where most of the community's Spanish-reading teachers work, so it adds three
lenses: multilingual learners and the languages of the classroom (`multilingual`), families
as mathematical partners (`families`) and status and participation in group work (`status`).
Where the two banks ask the same question, in each one's own words, the prompts share a
`pair` key: a schedule naming one sends each person its counterpart in their language.
"""

from __future__ import annotations

from dataclasses import dataclass

THEMES = (
    "voice",
    "entry-points",
    "rigor",
    "identity",
    "belonging",
    "student-data",
    "deep-math",
    "multiple-competencies",
    "marginality",
    "funds-of-knowledge",
    "multilingual",
    "families",
    "status",
)


@dataclass(frozen=True)
class StarterPrompt:
    text: str
    phase: str
    tags: tuple[str, ...]
    pair: str | None = None  # shared with its counterpart in the other language's bank


STARTER_BANK: tuple[StarterPrompt, ...] = (
    StarterPrompt(
        "Think of today's math discussion. Whose ideas moved the conversation forward, and "
        "whose ideas never made it into the room? What made the difference?",
        "reflect",
        ("voice", "marginality"),
        pair="voices-heard",
    ),
    StarterPrompt(
        "Which student surprised you this week with what they could do mathematically? "
        "What did you see that you had not noticed before?",
        "reflect",
        ("multiple-competencies", "identity"),
        pair="surprised",
    ),
    StarterPrompt(
        "Where could a student start on the task you are planning if they did not yet know "
        "the procedure? List at least two ways in.",
        "plan",
        ("entry-points", "rigor"),
        pair="ways-in",
    ),
    StarterPrompt(
        "Who gets the challenging problems in your class, and who gets more practice on the "
        "basics? What would change if everyone met the hardest task first?",
        "reflect",
        ("rigor", "marginality"),
        pair="hard-tasks",
    ),
    StarterPrompt(
        "What did a student bring from home, a job, a game or their community into a math "
        "idea recently? How did you (or could you) build on it?",
        "teach",
        ("funds-of-knowledge", "identity"),
        pair="from-home",
    ),
    StarterPrompt(
        "When you looked at the last set of student work, what story did you tell yourself "
        "about who 'gets it'? What other story could the same work support?",
        "reflect",
        ("student-data", "multiple-competencies"),
    ),
    StarterPrompt(
        "Which students would say they are 'math people' in your class, and which would "
        "not? What messages, spoken or unspoken, might shape that?",
        "study",
        ("identity", "belonging"),
        pair="math-people",
    ),
    StarterPrompt(
        "In the research lesson, what will the observers watch for so that quiet students' "
        "thinking is seen and recorded, not only the loudest voices?",
        "plan",
        ("voice", "student-data"),
        pair="observe-quiet",
    ),
    StarterPrompt(
        "Describe a moment when a student's reasoning was different from the method you "
        "expected. How did you respond, and what did the class learn from it?",
        "reflect",
        ("deep-math", "multiple-competencies"),
    ),
    StarterPrompt(
        "What would a student need to feel safe being wrong out loud in your class? Which "
        "of those conditions were present today?",
        "teach",
        ("belonging", "voice"),
        pair="safe-wrong",
    ),
    StarterPrompt(
        "Look at how you grouped students this week. Who decided, on what evidence, and "
        "how might the grouping have shaped who did the mathematical thinking?",
        "reflect",
        ("marginality", "student-data"),
        pair="grouping",
    ),
    StarterPrompt(
        "Pick one task from your upcoming unit. Is it asking students to reason and explain, "
        "or to follow steps? How could you raise its demand while keeping it open to all?",
        "plan",
        ("rigor", "deep-math", "entry-points"),
    ),
    StarterPrompt(
        "Which representations (drawings, objects, words, tables, gestures, home languages) "
        "counted as real mathematics in today's lesson? Which were treated as a detour?",
        "reflect",
        ("multiple-competencies", "funds-of-knowledge"),
        pair="representations",
    ),
    StarterPrompt(
        "What do you know about the mathematics your students use outside school? What is "
        "one way to find out more before the next unit?",
        "study",
        ("funds-of-knowledge",),
    ),
    StarterPrompt(
        "Which data about students did you act on this month (grades, tests, observations, "
        "what students told you)? Whose perspective does that data leave out?",
        "study",
        ("student-data", "voice"),
    ),
    StarterPrompt(
        "After the post-lesson discussion, what is one belief about a student or group of "
        "students that the evidence challenged?",
        "reflect",
        ("student-data", "marginality"),
    ),
    StarterPrompt(
        "How will the revised lesson give students who stayed silent the first time a real "
        "reason and a real way to contribute?",
        "revise",
        ("voice", "entry-points"),
        pair="revise-voice",
    ),
    StarterPrompt(
        "What did students' mistakes in the research lesson reveal about the mathematics, "
        "rather than about the students? How will the reteach use those mistakes?",
        "reteach",
        ("deep-math", "student-data"),
    ),
    StarterPrompt(
        "Who was positioned as smart in today's lesson, by you or by classmates? What is one "
        "move you could make next time to position another student as competent?",
        "reflect",
        ("identity", "multiple-competencies"),
        pair="positioning",
    ),
    StarterPrompt(
        "Which students spend math time pulled out, waiting, or on a different worksheet? "
        "What would it take for them to work on the same rich task as their peers?",
        "study",
        ("rigor", "marginality", "belonging"),
    ),
    StarterPrompt(
        "What question did a student ask this week that you wish you had explored further? "
        "What mathematics was behind it?",
        "reflect",
        ("deep-math", "voice"),
    ),
    StarterPrompt(
        "How did students' languages, cultures or experiences show up in the context of the "
        "task? Did the context invite them in or require knowledge some did not have?",
        "plan",
        ("funds-of-knowledge", "entry-points", "belonging"),
    ),
    StarterPrompt(
        "When you watched the research lesson, what did you see a student do that the lesson "
        "plan did not anticipate? What does it tell the team about the task?",
        "teach",
        ("deep-math", "student-data"),
    ),
    StarterPrompt(
        "What is one thing you will do differently tomorrow so that every student feels the "
        "mathematics belongs to them?",
        "reflect",
        ("belonging", "identity"),
        pair="belongs",
    ),
)


# El banco en español: escrito para docentes de aulas de lenguaje dual, de estudiantes
# recién llegados y multilingües, no traducido del inglés frase por frase.
SPANISH_BANK: tuple[StarterPrompt, ...] = (
    StarterPrompt(
        "Piensa en la discusión de matemáticas de hoy. ¿Qué ideas se escucharon, y en qué "
        "idioma? ¿Hubo quien razonó en su lengua de casa y cuyas ideas no llegaron a toda la "
        "clase? ¿Qué lo hizo posible o lo impidió?",
        "reflect",
        ("voice", "marginality", "multilingual"),
        pair="voices-heard",
    ),
    StarterPrompt(
        "¿Qué estudiante te sorprendió esta semana con lo que sabe hacer en matemáticas, "
        "aunque todavía esté aprendiendo el idioma de la clase? ¿Qué viste que antes no "
        "habías notado?",
        "reflect",
        ("multiple-competencies", "identity", "multilingual"),
        pair="surprised",
    ),
    StarterPrompt(
        "En la tarea que estás planificando, ¿por dónde podría empezar alguien que todavía no "
        "domina el vocabulario académico? Anota al menos dos puntos de entrada que no dependan "
        "del idioma: un dibujo, material concreto, un ejemplo de la vida diaria.",
        "plan",
        ("entry-points", "rigor", "multilingual"),
        pair="ways-in",
    ),
    StarterPrompt(
        "¿Quiénes reciben los problemas más exigentes en tu clase y quiénes pasan más tiempo "
        "repasando lo básico? ¿Lo decide lo que saben de matemáticas o cuánto dominan el "
        "idioma de instrucción?",
        "reflect",
        ("rigor", "marginality", "multilingual"),
        pair="hard-tasks",
    ),
    StarterPrompt(
        "¿Qué matemáticas trajo hace poco alguien de su casa, del trabajo de su familia, de un "
        "juego o de su comunidad (cocinar, medir una obra, dar el cambio en el mercado)? "
        "¿Cómo lo aprovechaste, o cómo podrías aprovecharlo?",
        "teach",
        ("funds-of-knowledge", "families"),
        pair="from-home",
    ),
    StarterPrompt(
        "¿Quiénes en tu clase dirían que «son buenos para las matemáticas» y quiénes no? "
        "¿Qué mensajes, dichos o no, reciben sobre quién sabe matemáticas, en qué idioma y "
        "con qué acento?",
        "study",
        ("identity", "belonging"),
        pair="math-people",
    ),
    StarterPrompt(
        "En la lección de investigación, ¿cómo van a registrar las personas observadoras el "
        "razonamiento de quienes hablan poco o participan en otro idioma, y no solo el de "
        "quienes hablan más fuerte?",
        "plan",
        ("voice", "student-data", "multilingual"),
        pair="observe-quiet",
    ),
    StarterPrompt(
        "¿Qué necesita una persona recién llegada para animarse a equivocarse en voz alta en "
        "tu clase, en el idioma que sea? ¿Cuáles de esas condiciones estuvieron presentes hoy?",
        "teach",
        ("belonging", "voice", "multilingual"),
        pair="safe-wrong",
    ),
    StarterPrompt(
        "Mira cómo formaste los grupos esta semana: ¿por idioma, por nivel, por otra cosa? "
        "¿Quién hizo el trabajo matemático de fondo en cada grupo y quién quedó traduciendo o "
        "copiando?",
        "reflect",
        ("marginality", "student-data", "status"),
        pair="grouping",
    ),
    StarterPrompt(
        "¿Qué formas de hacer matemáticas (dibujos, gestos, materiales, tablas, la lengua de "
        "casa, mezclar idiomas) contaron como matemáticas de verdad en la lección de hoy? "
        "¿Cuáles se trataron como un desvío?",
        "reflect",
        ("multiple-competencies", "funds-of-knowledge", "multilingual"),
        pair="representations",
    ),
    StarterPrompt(
        "Al revisar la lección, ¿qué razón y qué manera real de aportar tendrán quienes no "
        "participaron la primera vez? ¿Qué apoyos de idioma hacen falta para que lo logren?",
        "revise",
        ("voice", "entry-points", "multilingual"),
        pair="revise-voice",
    ),
    StarterPrompt(
        "¿A quién se le dio el lugar de «la persona inteligente» en la lección de hoy, por tu "
        "parte o por sus compañeros? ¿Qué contribución concreta de alguien con bajo estatus "
        "en su grupo podrías nombrar en público la próxima vez?",
        "reflect",
        ("identity", "multiple-competencies", "status"),
        pair="positioning",
    ),
    StarterPrompt(
        "¿Qué harás distinto mañana para que cada estudiante sienta que las matemáticas "
        "también son suyas, hable el idioma que hable?",
        "reflect",
        ("belonging", "identity"),
        pair="belongs",
    ),
    StarterPrompt(
        "¿Qué sabes de cómo las familias de tus estudiantes usan y enseñan las matemáticas en "
        "casa? ¿Qué podrías preguntarles, en su idioma, antes de la próxima unidad?",
        "study",
        ("families", "funds-of-knowledge"),
    ),
    StarterPrompt(
        "Cuando te comunicaste este mes con las familias sobre matemáticas, ¿fue para avisar "
        "de problemas o para invitarlas a aportar? ¿Cómo podría una familia compartir con la "
        "clase su propia manera de calcular?",
        "plan",
        ("families", "belonging"),
    ),
    StarterPrompt(
        "En tu clase de lenguaje dual, ¿en qué idioma ocurren las discusiones matemáticas más "
        "exigentes? ¿Qué pasaría si la próxima tarea rica se trabajara en el otro idioma?",
        "plan",
        ("multilingual", "rigor"),
    ),
    StarterPrompt(
        "Piensa en una persona recién llegada a tu clase. ¿Qué sabe de matemáticas que "
        "todavía no ha podido mostrar? ¿Qué oportunidad tuvo esta semana de mostrarlo sin "
        "depender del idioma?",
        "reflect",
        ("multilingual", "multiple-competencies", "identity"),
    ),
    StarterPrompt(
        "En los grupos de hoy, ¿quién tuvo en las manos los materiales, el marcador o la "
        "calculadora, y quién solo miraba? ¿Qué dice eso del estatus de cada estudiante en su "
        "grupo?",
        "teach",
        ("status", "marginality"),
    ),
    StarterPrompt(
        "Elige una tarea de la próxima semana que pida muchas habilidades distintas: estimar, "
        "dibujar, explicar, comprobar. ¿Cómo se lo dirás a la clase para que quede claro que "
        "nadie tiene todas y que cada quien tiene alguna?",
        "plan",
        ("status", "multiple-competencies", "entry-points"),
    ),
    StarterPrompt(
        "¿Qué historia cuentan de sí mismos tus estudiantes cuando dicen «yo no sé "
        "matemáticas»? ¿Qué evidencia de su trabajo reciente podrías devolverles para que "
        "cuenten otra?",
        "reflect",
        ("identity", "student-data"),
    ),
    StarterPrompt(
        "¿Qué palabras o estructuras de la tarea de mañana podrían esconderle las matemáticas "
        "a quien está aprendiendo el idioma? ¿Cómo puedes apoyar el lenguaje sin bajar la "
        "exigencia matemática?",
        "plan",
        ("multilingual", "rigor", "entry-points"),
    ),
    StarterPrompt(
        "¿Dejaste hoy que tus estudiantes razonaran en el idioma que prefieran antes de "
        "compartir con toda la clase? ¿Qué ganó la discusión? ¿Se perdió algo?",
        "reflect",
        ("multilingual", "voice", "deep-math"),
    ),
    StarterPrompt(
        "Una prueba escrita en inglés, ¿qué mide de verdad en tus estudiantes multilingües: "
        "matemáticas o idioma? ¿Qué otra evidencia tienes de lo que saben?",
        "study",
        ("student-data", "multilingual"),
    ),
    StarterPrompt(
        "En la sesión de análisis, ¿qué errores resultaron ser razonamientos válidos dichos de "
        "otra manera o en otro idioma? ¿Cómo los usará la nueva enseñanza de la lección?",
        "reteach",
        ("deep-math", "student-data", "multilingual"),
    ),
)

# Each language's starter bank, in the order a new community's bank numbers them.
STARTER_BANKS: tuple[tuple[str, tuple[StarterPrompt, ...]], ...] = (
    ("en", STARTER_BANK),
    ("es", SPANISH_BANK),
)
