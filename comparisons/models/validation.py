"""Constraint errors shown at the field they are about, not only above the form."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, router
from django.db.models import Q


def _fields_of(condition) -> list[str]:
    """The field names a Q condition reads, in order (``upper_number__gte`` → upper_number)."""
    names = []
    for child in condition.children:
        if isinstance(child, Q):
            names += _fields_of(child)
        else:
            names.append(child[0].split("__")[0])
    return names


def constraint_field(model, constraint) -> str | None:
    """The editable field a constraint's message belongs beside: the last one it reads."""
    fields = getattr(constraint, "fields", ()) or ()
    condition = getattr(constraint, "condition", None)
    if not fields and condition is not None:
        fields = _fields_of(condition)
    editable = {field.name for field in model._meta.concrete_fields if field.editable}
    attnames = {field.attname: field.name for field in model._meta.concrete_fields}
    candidates = [attnames.get(name, name) for name in fields]
    candidates = [name for name in candidates if name in editable]
    return candidates[-1] if candidates else None


class FieldConstraintsModel(models.Model):
    """``validate_constraints`` as Django's, but each error goes to its field where it has one,
    so a form shows it there (a form without that field shows it above, as before)."""

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, model_constraints in self.get_constraints():
            for constraint in model_constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field = constraint_field(model_class, constraint)
                    if field and (exclude is None or field not in exclude):
                        errors.setdefault(field, []).append(error)
                    else:
                        errors.setdefault(NON_FIELD_ERRORS, []).append(error)
        if errors:
            raise ValidationError(errors)
