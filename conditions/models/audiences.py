"""Who a condition, a rule or a guide is about: an adult, someone pregnant, or a child of
roughly some age.

Children and pregnancy have their own causes and their own warning signs, so editors say
which groups a condition applies to (none: anyone) and which groups a "when to get help"
rule is for (none: anyone). The symptom checker asks who it is about, optionally.
"""

from django.db import models


class Audience(models.Model):
    class Group(models.TextChoices):
        ADULT = "adult", "Adults"
        PREGNANT = "pregnant", "Pregnancy"
        CHILD = "child", "Children and teenagers"

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(
        max_length=100, help_text="As the checker offers it, e.g. 'A child (5 to 12)'."
    )
    group = models.CharField(
        max_length=20,
        choices=Group.choices,
        help_text="The wider group, for guides and for 'in a child' wording.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
