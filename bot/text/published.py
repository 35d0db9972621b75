"""Published educators, researchers, mathematicians and public figures the check never flags.

Teachers cite the people whose work they use ("Following Peter Liljedahl...",
"as Jo Boaler writes", "Pascal's triangle"), and schools are named after
public figures ("Escuela Benito Juárez"). A community adds its own with
`/praxis published add "<name>"`; those are passed to the check as `published=`.

A full name is never flagged. A surname alone is not flagged either, unless it
is also a common first name or surname (Martin, Ball, Small, Gutiérrez,
Moses): "Gutiérrez said" may well be a student, so only "Rochelle Gutiérrez"
or a citation ("Gutiérrez (2013)") is let through for those.
"""

from __future__ import annotations

PUBLISHED_NAMES: tuple[str, ...] = tuple(
    line.strip()
    for line in """
Jo Boaler
Dan Meyer
Peter Liljedahl
Megan Franke
Rochelle Gutiérrez
Gloria Ladson-Billings
Lisa Delpit
Paulo Freire
Julia Aguirre
Karen Mayfield-Ingram
Danny Bernard Martin
Danny Martin
Marian Small
Catherine Twomey Fosnot
Cathy Fosnot
Deborah Loewenberg Ball
Deborah Ball
Magdalene Lampert
Cathy Humphreys
Ruth Parker
Sherry Parrish
Graham Fletcher
Christopher Danielson
Tracy Zager
Ilana Horn
Robert Moses
Bob Moses
Marilyn Burns
John Van de Walle
Jennifer Bay-Williams
Margaret Smith
Mary Kay Stein
Elham Kazemi
Allison Hintz
Zaretta Hammond
Geneva Gay
Luis Moll
Norma González
Django Paris
Richard Milner
Bettina Love
Ibram Kendi
Carol Dweck
John Hattie
Dylan Wiliam
Lev Vygotsky
Jean Piaget
John Dewey
George Pólya
Richard Skemp
Alan Schoenfeld
James Stigler
James Hiebert
Anna Sfard
Paul Cobb
Erna Yackel
Thomas Carpenter
Elizabeth Fennema
Deborah Schifter
Virginia Bastable
Susan Jo Russell
Grace Kelemanik
Amy Lucenta
Uri Treisman
Eric Gutstein
Marta Civil
Judit Moschkovich
Lena Licón Khisty
Na'ilah Suad Nasir
Maisie Gholson
Kassia Omohundro Wedekind
Christina Tondevold
Pam Harris
Fawn Nguyen
Robert Kaplinsky
Sara VanDerWerf
Andrew Stadel
Steve Leinwand
Cathy Seeley
Linda Darling-Hammond
Lucy West
Nel Noddings
Jerome Bruner
Maria Montessori
Benjamin Bloom
Robert Marzano
Jeff Zwiers
Kate Nonesuch
Ubiratan D'Ambrosio
Guy Brousseau
Yves Chevallard
Luis Radford
Patricia Sadovsky
Delia Lerner
Cecilia Parra
Irma Saiz
Emilia Ferreiro
Ana Teberosky
Miguel de Guzmán
Claudi Alsina
Luis Santaló
Pedro Puig Adam
Juan Díaz Godino
Jaime Escalante
Gabriela Mistral
Benito Juárez
César Chávez
Cesar Chavez
Dolores Huerta
Martin Luther King
Rosa Parks
Frederick Douglass
Sor Juana Inés de la Cruz
José Martí
Pythagoras
Euclid
Archimedes
Eratosthenes
Thales
Hypatia
Diophantus
Apollonius
Brahmagupta
Aryabhata
Bhaskara
Al-Khwarizmi
Omar Khayyam
Fibonacci
Leonardo of Pisa
Gerolamo Cardano
Niccolò Tartaglia
François Viète
René Descartes
Pierre de Fermat
Blaise Pascal
Isaac Newton
Gottfried Leibniz
Leonhard Euler
Carl Friedrich Gauss
Joseph-Louis Lagrange
Pierre-Simon Laplace
Joseph Fourier
Augustin-Louis Cauchy
Évariste Galois
Niels Henrik Abel
Bernhard Riemann
Georg Cantor
David Hilbert
Henri Poincaré
Emmy Noether
Sophie Germain
Ada Lovelace
Mary Somerville
Sofia Kovalevskaya
Srinivasa Ramanujan
G. H. Hardy
Godfrey Harold Hardy
Paul Erdős
John Conway
Benoit Mandelbrot
John Venn
George Boole
John Napier
Johannes Kepler
Galileo Galilei
Alan Turing
Kurt Gödel
John von Neumann
Katherine Johnson
Dorothy Vaughan
Mary Jackson
Benjamin Banneker
Maryam Mirzakhani
Terence Tao
Grace Hopper
Albert Einstein
Marie Curie
Jacob Bernoulli
Daniel Bernoulli
""".strip().splitlines()
    if line.strip()
)

# Known by their surname alone, even where it is also a first name (Pascal,
# Newton, Hardy): the maths classroom says "Pascal's triangle", not "Blaise's".
SURNAMES_ALONE: tuple[str, ...] = tuple(
    [
        "Pascal",
        "Euler",
        "Euclid",
        "Gauss",
        "Fibonacci",
        "Newton",
        "Descartes",
        "Fermat",
        "Pythagoras",
        "Archimedes",
        "Venn",
        "Leibniz",
        "Riemann",
        "Hardy",
        "Ramanujan",
        "Noether",
        "Kepler",
        "Galileo",
        "Turing",
        "Cantor",
        "Hilbert",
        "Boole",
        "Napier",
        "Bernoulli",
        "Lagrange",
        "Laplace",
        "Fourier",
        "Cauchy",
        "Galois",
        "Poincaré",
        "Mandelbrot",
        "Cartesian",
        "Pythagorean",
        "Euclidean",
        "Boaler",
        "Vygotsky",
        "Piaget",
        "Dewey",
        "Freire",
        "Pólya",
        "Polya",
        "Liljedahl",
        "Skemp",
        "Schoenfeld",
        "Sfard",
        "Hiebert",
        "Stigler",
        "Fosnot",
        "Lampert",
        "Delpit",
        "Ladson-Billings",
        "Hattie",
        "Dweck",
        "Marzano",
        "Zwiers",
        "Noddings",
        "Bruner",
        "Montessori",
        "Brousseau",
        "Chevallard",
        "D'Ambrosio",
        "Sadovsky",
        "Escalante",
        "Germain",
        "Lovelace",
        "Hypatia",
        "Eratosthenes",
        "Thales",
        "Diophantus",
        "Brahmagupta",
        "Aryabhata",
        "Khayyam",
        "Cardano",
        "Tartaglia",
        "Mirzakhani",
        "Banneker",
        "Gödel",
        "Erdős",
        "Kovalevskaya",
        "Conway",
        "Moschkovich",
        "Gutstein",
        "Treisman",
    ]
)
