"""Users in the Django admin: e-mail sign-in, and the operator permission granted or taken back."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from pusula.accounts.models import User
from pusula.operator.access import operator_permission


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeForm(BaseUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


def holds_operator_permission():
    """Users holding the operator permission themselves or through a group (staff or not)."""
    permission = operator_permission()
    return Q(user_permissions=permission) | Q(groups__permissions=permission)


class OperatorFilter(admin.SimpleListFilter):
    title = _("destek merkezi yetkisi")
    parameter_name = "operator"

    def lookups(self, request, model_admin):
        return [("yes", _("Var")), ("no", _("Yok"))]

    def queryset(self, request, queryset):
        holders = User.objects.filter(holds_operator_permission()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=holders)
        if self.value() == "no":
            return queryset.exclude(pk__in=holders)
        return queryset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "operator", "is_superuser", "last_login"]
    list_filter = [OperatorFilter, "is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "name", "password")}),
        (
            _("Yetkiler"),
            {
                "fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
                "description": _(
                    "Destek merkezi çalışanı, görev durumu işaretli ve “Destek merkezi panosunu ve paylaşılan "
                    "raporları görebilir” izni kendisine ya da bir grubuna verilmiş kullanıcıdır; kullanıcı "
                    "listesindeki “Seçilenlere destek merkezi yetkisi ver” işlemi ikisini birden yapar."
                ),
            },
        ),
        (_("Tarihler"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),)
    actions = ["grant_operator", "revoke_operator"]

    def get_queryset(self, request):
        holders = User.objects.filter(holds_operator_permission(), pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(holds_operator=Exists(holders))

    @admin.display(boolean=True, description=_("destek merkezi"), ordering="holds_operator")
    def operator(self, user):
        return user.is_staff and user.is_active and user.holds_operator

    @admin.action(description=_("Seçilenlere destek merkezi yetkisi ver"), permissions=["change"])
    def grant_operator(self, request, queryset):
        permission = operator_permission()
        Grant = User.user_permissions.through
        Grant.objects.bulk_create(
            [Grant(user_id=pk, permission=permission) for pk in queryset.values_list("pk", flat=True)],
            ignore_conflicts=True,
        )
        count = queryset.update(is_staff=True)
        self.message_user(request, _("%(n)d kullanıcı artık destek merkezi.") % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Seçilenlerin kendi destek merkezi yetkisini geri al"), permissions=["change"])
    def revoke_operator(self, request, queryset):
        User.user_permissions.through.objects.filter(user__in=queryset, permission=operator_permission()).delete()
        self.message_user(
            request,
            _("Yetki geri alındı. Bir grup üzerinden verilmişse grubun yetkilerinden de kaldırın."),
            messages.SUCCESS,
        )
