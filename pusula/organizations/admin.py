"""Organizations in the Django admin: their profile and coordinators, never their answers.

Deleting one here is the same real deletion as the coordinator's (privacy.services.delete_organization):
stored PDFs go too, and the deletion is recorded.
"""

from django.contrib import admin

from pusula.organizations.models import Membership, Organization
from pusula.privacy.services import delete_organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "field_of_work", "size_band", "kind", "counted_in_comparisons", "created_at"]
    list_filter = ["size_band", "field_of_work", "kind", "counted_in_comparisons"]
    search_fields = ["name", "slug", "memberships__user__email"]
    readonly_fields = ["slug", "created_at"]
    inlines = [MembershipInline]
    show_full_result_count = False  # no COUNT(*) over 100,000 rows on every page

    def log_deletions(self, request, queryset):
        """Not in the admin's history, which would keep the name: privacy.DeletionRecord keeps counts only."""
        return []

    def delete_model(self, request, organization):
        delete_organization(organization)

    def delete_queryset(self, request, queryset):
        for organization in queryset:
            delete_organization(organization)
