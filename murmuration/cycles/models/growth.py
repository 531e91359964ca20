"""Lineage: which group grew from which, by a split or (with pod-calling rounds) by seeding."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from murmuration.communities.models import Group


class Lineage(models.Model):
    class Kind(models.TextChoices):
        SPLIT = "split", _("Split from")
        SEEDED = "seeded", _("Seeded by")

    # A group grows from at most one other; the root of a tree has no Lineage row.
    child = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="origin")
    parent = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="offspring")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(child=models.F("parent")), name="lineage_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} from {self.parent}"
